/* SPDX-License-Identifier: ISC */
/* The word lists compiled into the library (vault/data/README.md). Public
 * data, sorted, lower-case ASCII. */
#ifndef VLT_WORDLISTS_H
#define VLT_WORDLISTS_H
#define VLT_EFF_WORDS 7776
#define VLT_SLIP39_WORDS 1024
extern const char *const vlt_eff_words[VLT_EFF_WORDS];
extern const char *const vlt_slip39_words[VLT_SLIP39_WORDS];
#endif
