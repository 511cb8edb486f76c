;; Filtered brute-force scoring for the embedded index's vector scans, with 128-bit SIMD. Why
;; hand-written: no maintained library scans a caller's filter bitset over vectors in one call.
;; Node addons (usearch, hnswlib-node, simsimd) either take no filter or call back into
;; JavaScript per candidate, and scalar JavaScript runs a 512-d dot in ~450 ns. Compiled with wabt
;; by `pnpm run build:wasm` into scan-wasm.ts; test/simd.test.ts checks that the two agree and
;; that each stage matches a plain model.
;;
;; Memory is laid out by the caller (int8-scanner.ts). Two stages score the members of a filter:
;; - binary: one sign bit per dimension of (vector - a centre), dim / 8 bytes a document (one
;;   cache line at 512 dimensions). A member's score is the sum of the int8 query values whose
;;   bit is set, which ranks like the dot product with the sign vector;
;; - int8: dim bytes a document, one f32 scale each: v[i] ~ q8[i] * scale. The query is int16,
;;   quantized to +-16383, so each int8 x int16 product fits and a lane's sum of dim / 4
;;   products stays below 2^31 (127 * 16383 * 128 < 2^31).
;; dim is a multiple of 16 (the caller pads).
(module
  (memory (export "memory") 1)

  ;; The dot products of four int8 vectors with the query, written as f32 (times each one's
  ;; scale) to $out .. $out+12. Four at once so that four vectors' cache misses are in flight
  ;; together: the members of a filter are scattered over the memory, and one vector at a time
  ;; waits on memory more than it computes (200 ns vs 25 ns a vector, measured).
  (func $dot4 (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $q i32) (param $dim i32)
              (param $sa f32) (param $sb f32) (param $sc f32) (param $sd f32) (param $out i32)
    (local $i i32) (local $ql v128) (local $qh v128) (local $x v128)
    (local $acca v128) (local $accb v128) (local $accc v128) (local $accd v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $dim)))
        (local.set $ql (v128.load (local.get $q)))
        (local.set $qh (v128.load offset=16 (local.get $q)))
        (local.set $x (v128.load (i32.add (local.get $a) (local.get $i))))
        (local.set $acca (i32x4.add (local.get $acca) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (local.get $ql))
          (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (local.get $qh)))))
        (local.set $x (v128.load (i32.add (local.get $b) (local.get $i))))
        (local.set $accb (i32x4.add (local.get $accb) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (local.get $ql))
          (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (local.get $qh)))))
        (local.set $x (v128.load (i32.add (local.get $c) (local.get $i))))
        (local.set $accc (i32x4.add (local.get $accc) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (local.get $ql))
          (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (local.get $qh)))))
        (local.set $x (v128.load (i32.add (local.get $d) (local.get $i))))
        (local.set $accd (i32x4.add (local.get $accd) (i32x4.add
          (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (local.get $ql))
          (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (local.get $qh)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $next)))
    (f32.store offset=0 (local.get $out) (f32.mul (local.get $sa) (f32.convert_i32_s (call $hsum (local.get $acca)))))
    (f32.store offset=4 (local.get $out) (f32.mul (local.get $sb) (f32.convert_i32_s (call $hsum (local.get $accb)))))
    (f32.store offset=8 (local.get $out) (f32.mul (local.get $sc) (f32.convert_i32_s (call $hsum (local.get $accc)))))
    (f32.store offset=12 (local.get $out) (f32.mul (local.get $sd) (f32.convert_i32_s (call $hsum (local.get $accd))))))

  (func $hsum (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; The members of (filter AND live) — bitsets of $words 32-bit words — written to $outDocs
  ;; in increasing order. Returns how many.
  (func $gather (param $filter i32) (param $live i32) (param $words i32) (param $outDocs i32) (result i32)
    (local $i i32) (local $w i32) (local $n i32) (local $base i32)
    (block $done
      (loop $word
        (br_if $done (i32.ge_u (local.get $i) (local.get $words)))
        (local.set $w
          (i32.and
            (i32.load (i32.add (local.get $filter) (i32.shl (local.get $i) (i32.const 2))))
            (i32.load (i32.add (local.get $live) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $base (i32.shl (local.get $i) (i32.const 5)))
        (block $empty
          (loop $bit
            (br_if $empty (i32.eqz (local.get $w)))
            (i32.store (i32.add (local.get $outDocs) (i32.shl (local.get $n) (i32.const 2)))
              (i32.add (local.get $base) (i32.ctz (local.get $w))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (local.set $w (i32.and (local.get $w) (i32.sub (local.get $w) (i32.const 1))))
            (br $bit)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $word)))
    (local.get $n))

  ;; int8 scores of the $n documents listed at $docs, to $outScores (same positions), four at a
  ;; time; a short last group repeats its first member (the caller leaves 16 bytes of slack).
  (func $score_i8 (export "scoreInt8") (param $docs i32) (param $n i32)
                  (param $vecs i32) (param $scales i32) (param $query i32) (param $dim i32) (param $outScores i32)
    (local $j i32) (local $p i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (block $scored
      (loop $group
        (br_if $scored (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $p (i32.add (local.get $docs) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $a (i32.load (local.get $p)))
        (local.set $b (select (i32.load offset=4 (local.get $p)) (local.get $a) (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $n))))
        (local.set $c (select (i32.load offset=8 (local.get $p)) (local.get $a) (i32.lt_u (i32.add (local.get $j) (i32.const 2)) (local.get $n))))
        (local.set $d (select (i32.load offset=12 (local.get $p)) (local.get $a) (i32.lt_u (i32.add (local.get $j) (i32.const 3)) (local.get $n))))
        (call $dot4
          (i32.add (local.get $vecs) (i32.mul (local.get $a) (local.get $dim)))
          (i32.add (local.get $vecs) (i32.mul (local.get $b) (local.get $dim)))
          (i32.add (local.get $vecs) (i32.mul (local.get $c) (local.get $dim)))
          (i32.add (local.get $vecs) (i32.mul (local.get $d) (local.get $dim)))
          (local.get $query) (local.get $dim)
          (f32.load (i32.add (local.get $scales) (i32.shl (local.get $a) (i32.const 2))))
          (f32.load (i32.add (local.get $scales) (i32.shl (local.get $b) (i32.const 2))))
          (f32.load (i32.add (local.get $scales) (i32.shl (local.get $c) (i32.const 2))))
          (f32.load (i32.add (local.get $scales) (i32.shl (local.get $d) (i32.const 2))))
          (i32.add (local.get $outScores) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $group))))

  ;; The members of (filter AND live), to $outDocs, with their int8 scores to $outScores.
  (func (export "scan") (param $filter i32) (param $live i32) (param $words i32)
                        (param $vecs i32) (param $scales i32) (param $query i32) (param $dim i32)
                        (param $outDocs i32) (param $outScores i32) (result i32)
    (local $n i32)
    (local.set $n (call $gather (local.get $filter) (local.get $live) (local.get $words) (local.get $outDocs)))
    (call $score_i8 (local.get $outDocs) (local.get $n) (local.get $vecs) (local.get $scales) (local.get $query) (local.get $dim) (local.get $outScores))
    (local.get $n))

  (func $hsum16 (param $v v128) (result i32)
    (call $hsum (i32x4.extadd_pairwise_i16x8_s (local.get $v))))

  ;; Binary scores of four documents (sign bits at $a..$d, $bytes each) against the int8 query at
  ;; $q: per document, the sum of the query values whose bit is set. Lanes accumulate in int16:
  ;; 2 * 127 per step, at most 128 steps (dim <= 2048), below 2^15.
  (func $bits4 (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $q i32) (param $bytes i32) (param $out i32)
    (local $i i32) (local $qv v128) (local $spread v128) (local $bitv v128)
    (local $acca v128) (local $accb v128) (local $accc v128) (local $accd v128)
    ;; A 16-bit group of sign bits as a lane mask (lane j all ones when bit j is set): splat the
    ;; two bytes, spread byte 0 to lanes 0-7 and byte 1 to lanes 8-15, test one bit per lane.
    ;; Written out in the loop: V8 does not inline calls between WebAssembly functions.
    (local.set $spread (v128.const i8x16 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1))
    (local.set $bitv (v128.const i8x16 1 2 4 8 16 32 64 128 1 2 4 8 16 32 64 128))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $qv (v128.load (local.get $q)))
        (local.set $acca (i16x8.add (local.get $acca)
          (i16x8.extadd_pairwise_i8x16_s (v128.and (i8x16.eq (v128.and (i8x16.swizzle (v128.load16_splat (i32.add (local.get $a) (local.get $i))) (local.get $spread)) (local.get $bitv)) (local.get $bitv)) (local.get $qv)))))
        (local.set $accb (i16x8.add (local.get $accb)
          (i16x8.extadd_pairwise_i8x16_s (v128.and (i8x16.eq (v128.and (i8x16.swizzle (v128.load16_splat (i32.add (local.get $b) (local.get $i))) (local.get $spread)) (local.get $bitv)) (local.get $bitv)) (local.get $qv)))))
        (local.set $accc (i16x8.add (local.get $accc)
          (i16x8.extadd_pairwise_i8x16_s (v128.and (i8x16.eq (v128.and (i8x16.swizzle (v128.load16_splat (i32.add (local.get $c) (local.get $i))) (local.get $spread)) (local.get $bitv)) (local.get $bitv)) (local.get $qv)))))
        (local.set $accd (i16x8.add (local.get $accd)
          (i16x8.extadd_pairwise_i8x16_s (v128.and (i8x16.eq (v128.and (i8x16.swizzle (v128.load16_splat (i32.add (local.get $d) (local.get $i))) (local.get $spread)) (local.get $bitv)) (local.get $bitv)) (local.get $qv)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $next)))
    (f32.store offset=0 (local.get $out) (f32.convert_i32_s (call $hsum16 (local.get $acca))))
    (f32.store offset=4 (local.get $out) (f32.convert_i32_s (call $hsum16 (local.get $accb))))
    (f32.store offset=8 (local.get $out) (f32.convert_i32_s (call $hsum16 (local.get $accc))))
    (f32.store offset=12 (local.get $out) (f32.convert_i32_s (call $hsum16 (local.get $accd)))))

  ;; The members of (filter AND live), to $outDocs, with their binary scores to $outScores.
  (func (export "scanBits") (param $filter i32) (param $live i32) (param $words i32)
                            (param $bitsAt i32) (param $query i32) (param $bytes i32)
                            (param $outDocs i32) (param $outScores i32) (result i32)
    (local $n i32) (local $j i32) (local $p i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local.set $n (call $gather (local.get $filter) (local.get $live) (local.get $words) (local.get $outDocs)))
    (block $scored
      (loop $group
        (br_if $scored (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $p (i32.add (local.get $outDocs) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $a (i32.load (local.get $p)))
        (local.set $b (select (i32.load offset=4 (local.get $p)) (local.get $a) (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $n))))
        (local.set $c (select (i32.load offset=8 (local.get $p)) (local.get $a) (i32.lt_u (i32.add (local.get $j) (i32.const 2)) (local.get $n))))
        (local.set $d (select (i32.load offset=12 (local.get $p)) (local.get $a) (i32.lt_u (i32.add (local.get $j) (i32.const 3)) (local.get $n))))
        (call $bits4
          (i32.add (local.get $bitsAt) (i32.mul (local.get $a) (local.get $bytes)))
          (i32.add (local.get $bitsAt) (i32.mul (local.get $b) (local.get $bytes)))
          (i32.add (local.get $bitsAt) (i32.mul (local.get $c) (local.get $bytes)))
          (i32.add (local.get $bitsAt) (i32.mul (local.get $d) (local.get $bytes)))
          (local.get $query) (local.get $bytes)
          (i32.add (local.get $outScores) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $group)))
    (local.get $n))
)
