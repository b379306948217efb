# SPDX-License-Identifier: ISC
# session.py - one interactive session of a password manager's shell,
# driven through a pseudo-terminal as a person would: unlock once, then
# time each command from the Enter key to the next prompt. For
# tests/bench/run.sh part 4 (`cvault shell` beside `keepassxc-cli open`).
#
#   python3 session.py RUNS N PROMPT GETFMT -- COMMAND...
#
# The passphrase "bench passphrase" is typed at the first prompt that
# asks for one; PROMPT is the shell's prompt (the end of each command's
# output); GETFMT is the get command with %s for the title, titles being
# "Entry NNNNNN" of N entries. Prints: unlock_ms get_median get_min
# get_max ls_median ls_min ls_max (ms), RUNS gets and RUNS/5 (at least 3)
# listings.
import os
import pty
import select
import statistics
import sys
import time

PASS = b"bench passphrase\n"


def read_until(fd, marker, timeout=300.0):
    buf = b""
    end = time.monotonic() + timeout
    while not buf.endswith(marker):
        left = end - time.monotonic()
        if left <= 0:
            sys.exit("session.py: timed out waiting for %r; got %r"
                     % (marker, buf[-200:]))
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            chunk = b""
        if not chunk:
            sys.exit("session.py: the program ended; last output %r"
                     % buf[-200:])
        buf += chunk
        # Keep the tail only: enough for the marker, and for messages.
        buf = buf[-4096:]
    return buf


def timed(fd, line, prompt):
    t = time.perf_counter()
    os.write(fd, line)
    out = read_until(fd, prompt)
    ms = (time.perf_counter() - t) * 1000
    if b"cvault:" in out or b"Error" in out or b"not found" in out:
        sys.exit("session.py: %r failed: %r" % (line, out[-300:]))
    return ms


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    runs, n = int(args[0]), int(args[1])
    prompt, getfmt = args[2].encode(), args[3]
    cmd = args[sep + 1:]
    env = dict(os.environ, TERM="dumb")
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    read_until(fd, b": ")                   # the passphrase prompt
    t = time.perf_counter()
    os.write(fd, PASS)
    read_until(fd, prompt)
    unlock = (time.perf_counter() - t) * 1000
    gets = [timed(fd, (getfmt % ("Entry %06d" % ((i * 7919) % n))).encode()
                  + b"\n", prompt) for i in range(runs)]
    lss = [timed(fd, b"ls\n", prompt) for _ in range(max(3, runs // 5))]
    os.write(fd, b"quit\n")
    os.waitpid(pid, 0)
    m = statistics.median
    print("%.1f %.2f %.2f %.2f %.1f %.1f %.1f" % (
        unlock, m(gets), min(gets), max(gets), m(lss), min(lss), max(lss)))


main()
