"""Benchgen sandbox driver: imports a generator script once and emits one JSON line per (seed, scale).

argv: <script path> <JSON list of [seed, scale] pairs> [kill-all]. Anything the script itself prints goes to stderr
so it can never be mistaken for a result line.

The driver is the child subreaper of everything the script starts. With "kill-all" (given when nothing but the run
shares the driver's uid or pid namespace: bubblewrap, or the weak sandbox's own per-run uid) it kills every process it
may signal when the runs are done or the script failed, and reaps them, so nothing of the script outlives the run and
no zombie is left to the host's init. Without it the host kills the driver's process group after the run.

Before the script is imported the driver confines itself, so nothing the script does can undo it: a new session
(its own process group, which the host kills as a whole after the run), no new privileges, and a seccomp filter
that refuses sockets of every family, io_uring (which could open sockets past the filter), new namespaces,
ptrace, process_vm_*, bpf, perf_event_open, userfaultfd and the kernel keyring. Under bubblewrap that is a second
wall; in the weak sandbox (no namespaces) it is what keeps the script off the network. When the filter cannot be
installed the driver refuses to run the script (exit code 97).
"""
import ctypes
import importlib.util
import json
import os
import platform
import struct
import sys

EXIT_UNCONFINED = 97

# Per architecture: (AUDIT_ARCH value, syscall numbers). Numbers from the kernel's syscall tables.
_ARCHES = {
    "x86_64": (0xC000003E, {
        "socket": 41, "clone": 56, "ptrace": 101, "mount": 165, "add_key": 248, "request_key": 249, "keyctl": 250,
        "unshare": 272, "perf_event_open": 298, "setns": 308, "process_vm_readv": 310, "process_vm_writev": 311,
        "bpf": 321, "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "clone3": 435,
    }),
    "aarch64": (0xC00000B7, {
        "socket": 198, "clone": 220, "ptrace": 117, "mount": 40, "add_key": 217, "request_key": 218, "keyctl": 219,
        "unshare": 97, "perf_event_open": 241, "setns": 268, "process_vm_readv": 270, "process_vm_writev": 271,
        "bpf": 280, "userfaultfd": 282, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "clone3": 435,
    }),
}

_EPERM, _EACCES, _ENOSYS = 1, 13, 38
# CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME
_CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80

_LD_ABS_W, _JEQ_K, _JGE_K, _JSET_K, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
_RET_KILL_PROCESS, _RET_ALLOW, _RET_ERRNO = 0x80000000, 0x7FFF0000, 0x00050000
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, _PR_SET_CHILD_SUBREAPER = 38, 22, 2, 36


def _filter(arch, nr):
    """A classic-BPF seccomp program: kill on a foreign ABI, refuse the listed calls, allow the rest."""
    denied = [(nr["socket"], _EACCES), (nr["io_uring_setup"], _ENOSYS), (nr["io_uring_enter"], _ENOSYS),
              (nr["io_uring_register"], _ENOSYS), (nr["clone3"], _ENOSYS)]
    denied += [(nr[name], _EPERM) for name in ("unshare", "setns", "mount", "ptrace", "process_vm_readv",
                                                  "process_vm_writev", "bpf", "perf_event_open", "userfaultfd",
                                                  "keyctl", "add_key", "request_key")]
    prog = [(_LD_ABS_W, 0, 0, 4), (_JEQ_K, 1, 0, arch), (_RET_K, 0, 0, _RET_KILL_PROCESS), (_LD_ABS_W, 0, 0, 0)]
    if arch == 0xC000003E:
        # The x32 ABI reuses the table with bit 30 set: refuse all of it.
        prog += [(_JGE_K, 0, 1, 0x40000000), (_RET_K, 0, 0, _RET_ERRNO | _ENOSYS)]
    for number, errno in denied:
        prog += [(_JEQ_K, 0, 1, number), (_RET_K, 0, 0, _RET_ERRNO | errno)]
    # clone(flags, ...) asking for any new namespace: refused (flags are the first argument's low word).
    prog += [(_JEQ_K, 0, 3, nr["clone"]), (_LD_ABS_W, 0, 0, 16), (_JSET_K, 0, 1, _CLONE_NAMESPACES),
             (_RET_K, 0, 0, _RET_ERRNO | _EPERM)]
    prog += [(_RET_K, 0, 0, _RET_ALLOW)]
    return prog


def confine():
    machine = platform.machine()
    if machine not in _ARCHES:
        raise OSError("no system-call filter is known for the %s architecture" % machine)
    arch, numbers = _ARCHES[machine]
    prog = _filter(arch, numbers)
    raw = b"".join(struct.pack("=HBBI", *insn) for insn in prog)
    buffer = ctypes.create_string_buffer(raw, len(raw))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def clean_up():
    """Kills whatever the script left running and reaps it (the driver is its subreaper)."""
    try:
        os.kill(-1, 9)  # every process this uid may signal, except the driver itself (and a namespace's init)
    except OSError:
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except OSError:  # ChildProcessError: nothing left
            return


def main():
    path, runs = sys.argv[1], json.loads(sys.argv[2])
    kill_all = len(sys.argv) > 3 and sys.argv[3] == "kill-all"
    try:
        os.setsid()
    except OSError:
        pass  # already a session leader (bubblewrap's --new-session)
    try:
        confine()
    except OSError as error:
        sys.stderr.write("benchgen sandbox: cannot confine the script: %s\n" % error)
        sys.exit(EXIT_UNCONFINED)
    try:
        run(path, runs)
    finally:
        if kill_all:
            clean_up()


def run(path, runs):
    out = sys.stdout.buffer
    sys.stdout = sys.stderr
    spec = importlib.util.spec_from_file_location("benchgen_generator", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("build", "definition"):
        if not callable(getattr(module, name, None)):
            raise TypeError("generator script defines no %s(seed, scale) function" % name)
    for seed, scale in runs:
        mjcf = module.build(seed, scale)
        if not isinstance(mjcf, str):
            raise TypeError("build(%r, %r) returned %s, not a str of MJCF" % (seed, scale, type(mjcf).__name__))
        definition = module.definition(seed, scale)
        if not isinstance(definition, dict):
            raise TypeError("definition(%r, %r) returned %s, not a dict" % (seed, scale, type(definition).__name__))
        line = json.dumps({"seed": seed, "scale": scale, "mjcf": mjcf, "definition": definition}, sort_keys=True)
        out.write(line.encode("ascii") + b"\n")
        out.flush()


if __name__ == "__main__":
    main()
