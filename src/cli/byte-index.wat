;; The positions of a CSV's structural bytes (the delimiter, line feeds, quotes) in a range of
;; memory, 64 bytes at a time with 128-bit SIMD compares. Assembled by scripts/build-wasm.mjs into
;; src/cli/byte-index-wasm.ts; a test assembles it again and checks that the two agree.
(module
  (memory (import "env" "memory") 1)

  ;; The 64-bit mask of the bytes [p, p + 64) that equal one of d, l, q (bit i: byte p + i).
  (func $mask (param $p i32) (param $d v128) (param $l v128) (param $q v128) (result i64)
    (local $v v128)
    (local $m i64)
    (local.set $v (v128.load (local.get $p)))
    (local.set $m
      (i64.extend_i32_u
        (i8x16.bitmask
          (v128.or
            (v128.or (i8x16.eq (local.get $v) (local.get $d)) (i8x16.eq (local.get $v) (local.get $l)))
            (i8x16.eq (local.get $v) (local.get $q))))))
    (local.set $v (v128.load offset=16 (local.get $p)))
    (local.set $m
      (i64.or (local.get $m)
        (i64.shl
          (i64.extend_i32_u
            (i8x16.bitmask
              (v128.or
                (v128.or (i8x16.eq (local.get $v) (local.get $d)) (i8x16.eq (local.get $v) (local.get $l)))
                (i8x16.eq (local.get $v) (local.get $q)))))
          (i64.const 16))))
    (local.set $v (v128.load offset=32 (local.get $p)))
    (local.set $m
      (i64.or (local.get $m)
        (i64.shl
          (i64.extend_i32_u
            (i8x16.bitmask
              (v128.or
                (v128.or (i8x16.eq (local.get $v) (local.get $d)) (i8x16.eq (local.get $v) (local.get $l)))
                (i8x16.eq (local.get $v) (local.get $q)))))
          (i64.const 32))))
    (local.set $v (v128.load offset=48 (local.get $p)))
    (i64.or (local.get $m)
      (i64.shl
        (i64.extend_i32_u
          (i8x16.bitmask
            (v128.or
              (v128.or (i8x16.eq (local.get $v) (local.get $d)) (i8x16.eq (local.get $v) (local.get $l)))
              (i8x16.eq (local.get $v) (local.get $q)))))
        (i64.const 48))))

  ;; Writes the positions p in [from, to) whose byte is the delimiter $delimiter, a line feed or a
  ;; quote, in ascending order, as i32s from $out on, and returns how many it wrote. Reads up to
  ;; 63 bytes after `to` (their bytes are not indexed): they must be in memory.
  (func (export "index") (param $from i32) (param $to i32) (param $out i32) (param $delimiter i32) (result i32)
    (local $p i32)
    (local $o i32)
    (local $m i64)
    (local $rest i32)
    (local $d v128)
    (local $l v128)
    (local $q v128)
    (local.set $d (i8x16.splat (local.get $delimiter)))
    (local.set $l (i8x16.splat (i32.const 10)))
    (local.set $q (i8x16.splat (i32.const 34)))
    (local.set $p (local.get $from))
    (local.set $o (local.get $out))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $p) (local.get $to)))
        (local.set $m (call $mask (local.get $p) (local.get $d) (local.get $l) (local.get $q)))
        ;; The last block: only its bytes before `to`.
        (local.set $rest (i32.sub (local.get $to) (local.get $p)))
        (if (i32.lt_u (local.get $rest) (i32.const 64))
          (then
            (local.set $m
              (i64.and (local.get $m)
                (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $rest))) (i64.const 1))))))
        ;; Each set bit, lowest first: its position.
        (block $empty
          (loop $bits
            (br_if $empty (i64.eqz (local.get $m)))
            (i32.store (local.get $o) (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $m)))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $m (i64.and (local.get $m) (i64.sub (local.get $m) (i64.const 1))))
            (br $bits)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $block)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))
