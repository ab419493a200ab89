/** Small shared helpers for decoder tests. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Splits bytes into chunks of the given size (for streaming tests). */
export function* chunks(b: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, Math.min(b.length, i + size));
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The §17.2 example of wire-format.md: go122-syscall-steal-proc-simple in binary (104 bytes). */
export const STEAL_SIMPLE_BIN = hex(`
67 6f 20 31 2e 32 32 20 74 72 61 63 65 00 00 00
01 01 00 00 0f  0d 01 00 01  19 01 01 00 02  16 01 01 00  18 01
01 01 01 00 0e  0d 01 02 01  19 01 02 01 02  0c 01 00 02 00
01 01 ff ff ff ff ff ff ff ff ff 01 00 05  08 a8 d6 b9 07
01 01 ff ff ff ff ff ff ff ff ff 01 00 01  02
01 01 ff ff ff ff ff ff ff ff ff 01 00 01  04`);

export const STEAL_SIMPLE_TEXT = `Trace Go1.22
EventBatch gen=1 m=0 time=0 size=15
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0
GoSyscallEndBlocked dt=1
EventBatch gen=1 m=1 time=0 size=14
ProcStatus dt=1 p=2 pstatus=1
GoStatus dt=1 g=2 m=1 gstatus=2
ProcSteal dt=1 p=0 p_seq=2 m=0
EventBatch gen=1 m=18446744073709551615 time=0 size=5
Frequency freq=15625000
EventBatch gen=1 m=18446744073709551615 time=0 size=1
Stacks
EventBatch gen=1 m=18446744073709551615 time=0 size=1
Strings
`;

/** The §17.4 example: a complete version-26 trace (136 bytes). */
export const V26_TEXT = `Trace Go1.26
EventBatch gen=1 m=18446744073709551615 time=99 size=16
Sync
Frequency freq=15625000
ClockSnapshot dt=1 mono=5000 sec=1750000000 nsec=0
EventBatch gen=1 m=7 time=100 size=13
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=2 g=1 m=7 gstatus=2
GoBlock dt=3 reason_string=1 stack=1
EventBatch gen=1 m=18446744073709551615 time=110 size=11
Stacks
Stack id=1 nframes=1
	pc=4198400 func=2 file=3 line=10
EventBatch gen=1 m=18446744073709551615 time=111 size=32
Strings
String id=1
	data="select"
String id=2
	data="main.main"
String id=3
	data="main.go"
EndOfGeneration
`;

export const V26_BIN = hex(`
67 6f 20 31 2e 32 36 20 74 72 61 63 65 00 00 00
01 01 ff ff ff ff ff ff ff ff ff 01 63 10
32
08 a8 d6 b9 07
33 01 88 27 80 c3 bb c2 06 00
01 01 07 64 0d
0d 01 00 01
19 02 01 07 02
14 03 01 01
01 01 ff ff ff ff ff ff ff ff ff 01 6e 0b
02
03 01 01 80 a0 80 02 02 03 0a
01 01 ff ff ff ff ff ff ff ff ff 01 6f 20
04
05 01 06 73 65 6c 65 63 74
05 02 09 6d 61 69 6e 2e 6d 61 69 6e
05 03 07 6d 61 69 6e 2e 67 6f
34`);
