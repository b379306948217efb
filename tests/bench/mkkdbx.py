# SPDX-License-Identifier: ISC
# mkkdbx.py - build a KeePass (KDBX 4) database of N entries with chosen
# Argon2id settings, for the side-by-side runs in tests/bench/run.sh.
#
#   python3 mkkdbx.py PATH N MIB PASSES LANES [PATH N MIB PASSES LANES]...
#
# Uses Debian's python3-pykeepass. The entries hold what mkvault.c puts in
# the cvault vault (same titles, usernames, passwords, URLs and notes);
# the passphrase is "bench passphrase". pykeepass's add_entry() looks for
# duplicates first (quadratic in N), so entries are appended directly.
# Opening pykeepass's blank template costs one (strong) KDF, so its key is
# derived once and reused for every database built in one call.
# Prints, per database: N build_s.
import base64
import copy
import os
import sys
import time
import uuid

from pykeepass import PyKeePass
from pykeepass.pykeepass import BLANK_DATABASE_LOCATION, \
    BLANK_DATABASE_PASSWORD
from pykeepass.entry import Entry
from pykeepass.kdbx_parsing.kdbx4 import kdf_uuids

M64 = (1 << 64) - 1
ALPHABET = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            "0123456789")


def password(i):
    """20 characters from splitmix64 seeded with i (as mkvault.c)."""
    x, out = i, []
    for _ in range(20):
        x = (x + 0x9E3779B97F4A7C15) & M64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        z ^= z >> 31
        out.append(ALPHABET[z % len(ALPHABET)])
    return "".join(out)


def build(blank_key, path, n, mib, passes, lanes):
    t0 = time.time()
    kp = PyKeePass(BLANK_DATABASE_LOCATION, BLANK_DATABASE_PASSWORD,
                   transformed_key=blank_key)
    kp.filename, kp.password = path, "bench passphrase"
    kdf = kp.kdbx.header.value.dynamic_header.kdf_parameters.data.dict
    kdf["$UUID"].value = kdf_uuids["argon2id"]
    kdf["M"].value = mib * 1024 * 1024
    kdf["I"].value = passes
    kdf["P"].value = lanes
    kdf["S"].value = os.urandom(32)
    # The header is rebuilt from these values only without its raw copy.
    del kp.kdbx.header.data
    # One entry made by pykeepass is the template; the rest are copies
    # with their own UUID and strings (Entry() re-reads the time zone file
    # for every entry: 0.7 ms each).
    group = kp.root_group
    template = Entry(title="t", username="u", password="p", url="u",
                     notes="n", kp=kp)._element
    for i in range(n):
        e = copy.deepcopy(template)
        e.find("UUID").text = base64.b64encode(uuid.uuid4().bytes).decode()
        fields = {"Title": "Entry %06d" % i,
                  "UserName": "user%d@example.org" % i,
                  "Password": password(i),
                  "URL": "https://site%d.example.org/login" % i,
                  "Notes": "note %d" % i}
        for s in e.findall("String"):
            s.find("Value").text = fields[s.find("Key").text]
        group._element.append(e)
    kp.save()
    print("%d %.3f" % (n, time.time() - t0), flush=True)


def main():
    args = sys.argv[1:]
    if not args or len(args) % 5:
        sys.exit("usage: mkkdbx.py PATH N MIB PASSES LANES ...")
    blank_key = PyKeePass(BLANK_DATABASE_LOCATION,
                          BLANK_DATABASE_PASSWORD).transformed_key
    for k in range(0, len(args), 5):
        build(blank_key, args[k], *map(int, args[k + 1:k + 5]))


if __name__ == "__main__":
    main()
