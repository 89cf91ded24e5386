/* SPDX-License-Identifier: MIT */
/* honest/double_gen.h: the preprocessor machinery behind HN_DOUBLE and HN_FN
 * (shape of a signature, per-arity tables, generators). Not API. */
#ifndef HONEST_DOUBLE_GEN_H
#define HONEST_DOUBLE_GEN_H

/* ---- Macro machinery ---------------------------------------------------- */
#define HN__D(fn) hn__dp_##fn
#define HN__XCAT(a, b) HN__XCAT_(a, b)
#define HN__XCAT_(a, b) a##b
#define HN__CAT5(a, b, c, d, e) a##b##c##d##e
#define HN__ID_(...) __VA_ARGS__
#define HN__CALL(m, args) m args
#define HN__IF(c) HN__XCAT(HN__IF_, c)
#define HN__IF_1(t, e) t
#define HN__IF_0(t, e) e
#define HN__NARG(...)                                                           \
    HN__NARG_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define HN__NARG_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,  \
                  a15, a16, n, ...) n
#define HN__HAS_COMMA(...)                                                      \
    HN__NARG_(__VA_ARGS__, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, ~)
#define HN__TRIGGER(...) ,
#define HN__ISEMPTY(...)                                                        \
    HN__ISEMPTY_(HN__HAS_COMMA(__VA_ARGS__), HN__HAS_COMMA(HN__TRIGGER __VA_ARGS__), \
                 HN__HAS_COMMA(__VA_ARGS__()), HN__HAS_COMMA(HN__TRIGGER __VA_ARGS__()))
#define HN__ISEMPTY_(a, b, c, d) HN__HAS_COMMA(HN__CAT5(HN__IE_, a, b, c, d))
#define HN__IE_0001 ,
#define HN__CHECK(...) HN__CHECK_(__VA_ARGS__, 0, ~)
#define HN__CHECK_(x, n, ...) n
/* `void` alone (not void *), HN_VARARGS, and the HN_STR/HN_BUF annotations. */
#define HN__VOIDP_void
#define HN__IS_VOID(x) HN__ISEMPTY(HN__XCAT(HN__VOIDP_, x))
#define HN__VAP_HN_VARARGS ~, 1
#define HN__IS_VA(x) HN__CHECK(HN__XCAT(HN__VAP_, x))
#define HN__ANP_HN_STR(T) ~, 1
#define HN__ANP_HN_BUF(T, n) ~, 1
#define HN__IS_ANN(x) HN__CHECK(HN__XCAT(HN__ANP_, x))
#define HN__ANT_HN_STR(T) T
#define HN__ANT_HN_BUF(T, n) T
#define HN__AND_HN_STR(T) HN__DEEP_STR
#define HN__AND_HN_BUF(T, n) HN__DEEP_BUF
#define HN__ANL_HN_STR(T) -1
#define HN__ANL_HN_BUF(T, n) n
#define HN__TY(x) __typeof__(HN__IF(HN__IS_ANN(x))(HN__XCAT(HN__ANT_, x), x))
#define HN__DEEPK(x) HN__IF(HN__IS_ANN(x))(HN__XCAT(HN__AND_, x), HN__DEEP_NONE)
#define HN__DEEPL(x) HN__IF(HN__IS_ANN(x))(HN__XCAT(HN__ANL_, x), -1)
/* HN__ARITY(macro, fn, args...): a compile error naming fn unless the
 * matchers that lead args (those not starting with '.', a designated option)
 * are none or one per parameter of fn. An expression (void). The compilers
 * fold __builtin_memcmp of a string literal into a constant. */
#define HN__ISPOS(a) (__builtin_memcmp(#a, ".", 1) != 0)
#define HN__NPOS(...)                                                           \
    HN__NPOS_(__VA_ARGS__, ., ., ., ., ., ., ., ., ., ., ., ., ., ., ., ., ., ., \
              ., ., ., ., ., ., .)
#define HN__NPOS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,  \
                  a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, ...)        \
    (HN__ISPOS(a1) * (1 + HN__ISPOS(a2) * (1 + HN__ISPOS(a3) * (1 +             \
     HN__ISPOS(a4) * (1 + HN__ISPOS(a5) * (1 + HN__ISPOS(a6) * (1 +             \
     HN__ISPOS(a7) * (1 + HN__ISPOS(a8) * (1 + HN__ISPOS(a9) * (1 +             \
     HN__ISPOS(a10) * (1 + HN__ISPOS(a11) * (1 + HN__ISPOS(a12)))))))))))))
#define HN__ARITY(macro, fn, ...)                                               \
    (void)sizeof(struct {                                                       \
        _Static_assert(HN__NPOS(__VA_ARGS__) == 0 ||                            \
                           HN__NPOS(__VA_ARGS__) == hn__nargs_##fn,             \
                       macro "(" #fn "): the number of matchers is not the "    \
                       "number of parameters of " #fn ": give one matcher per " \
                       "parameter of " #fn " as HN_DOUBLE declares it, or none "\
                       "(any arguments)");                                      \
        int hn__x;                                                              \
    })
#define HN__VATAIL() , ...
#define HN__NOTAIL()

#define HN__KIND(e)                                                             \
    _Generic((e), _Bool: HN__K_BOOL, char: HN__K_CHAR, signed char: HN__K_INT,  \
        short: HN__K_INT, int: HN__K_INT, long: HN__K_INT, long long: HN__K_INT, \
        unsigned char: HN__K_UINT, unsigned short: HN__K_UINT,                  \
        unsigned int: HN__K_UINT, unsigned long: HN__K_UINT,                    \
        unsigned long long: HN__K_UINT, float: HN__K_FLOAT,                     \
        double: HN__K_FLOAT, long double: HN__K_FLOAT, const char *: HN__K_STR,  \
        char *: HN__K_CHARP,                                                    \
        default: (__builtin_classify_type(e) == 5 ? HN__K_PTR : HN__K_MEM))
#define HN__META(S, i, T)                                                       \
    {offsetof(S, a##i), sizeof(((S *)0)->a##i), HN__KIND(((S *)0)->a##i),       \
     HN__DEEPK(T), HN__DEEPL(T)}

/* Parameter list, type list, names, initialiser, fields and metadata of a
 * shape (k parameters, va: variadic), from the tuple TS = (T0, ..., ~). */
#define HN__PLX(k, va, TS) HN__XCAT(HN__PL_, k) TS HN__IF(va)(HN__VATAIL, HN__NOTAIL)()
#define HN__TLX(k, va, TS) HN__XCAT(HN__TL_, k) TS HN__IF(va)(HN__VATAIL, HN__NOTAIL)()
#define HN__NLX(k, TS) HN__XCAT(HN__NL_, k) TS
#define HN__ILX(k, TS) HN__XCAT(HN__IL_, k) TS
#define HN__FLX(k, TS) HN__XCAT(HN__FL_, k) TS
#define HN__MLX(S, k, TS) HN__CALL(HN__XCAT(HN__ML_, k), (S, HN__ID_ TS))

/* Picks the generator for the shape of (ret, fn, argtypes...). */
#define HN__DECL(K, X, ...)                                                     \
    HN__XCAT(HN__GEN_, HN__XCAT(HN__SHAPE_, HN__NARG(__VA_ARGS__))(__VA_ARGS__, ~)) \
    (K, X, __VA_ARGS__, ~)
#define HN__GEN_TOO_MANY(K, X, r, f, ...)                                       \
    _Static_assert(0, "HN_DOUBLE(" #f "): a double has at most 10 parameters")
#define HN__PL_0(...) void
#define HN__TL_0(...) void
#define HN__NL_0(...) 
#define HN__IL_0(...) {0}
#define HN__FL_0(...) char hn__none;
#define HN__ML_0(S, ...) {0, 0, 0, 0, 0}
#define HN__PL_1(T0, ...) HN__TY(T0) hn__a0
#define HN__TL_1(T0, ...) HN__TY(T0)
#define HN__NL_1(T0, ...) hn__a0
#define HN__IL_1(T0, ...) {hn__a0}
#define HN__FL_1(T0, ...) HN__TY(T0) a0;
#define HN__ML_1(S, T0, ...) HN__META(S, 0, T0)
#define HN__PL_2(T0, T1, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1
#define HN__TL_2(T0, T1, ...) HN__TY(T0), HN__TY(T1)
#define HN__NL_2(T0, T1, ...) hn__a0, hn__a1
#define HN__IL_2(T0, T1, ...) {hn__a0, hn__a1}
#define HN__FL_2(T0, T1, ...) HN__TY(T0) a0; HN__TY(T1) a1;
#define HN__ML_2(S, T0, T1, ...) HN__META(S, 0, T0), HN__META(S, 1, T1)
#define HN__PL_3(T0, T1, T2, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2
#define HN__TL_3(T0, T1, T2, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2)
#define HN__NL_3(T0, T1, T2, ...) hn__a0, hn__a1, hn__a2
#define HN__IL_3(T0, T1, T2, ...) {hn__a0, hn__a1, hn__a2}
#define HN__FL_3(T0, T1, T2, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2;
#define HN__ML_3(S, T0, T1, T2, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2)
#define HN__PL_4(T0, T1, T2, T3, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3
#define HN__TL_4(T0, T1, T2, T3, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3)
#define HN__NL_4(T0, T1, T2, T3, ...) hn__a0, hn__a1, hn__a2, hn__a3
#define HN__IL_4(T0, T1, T2, T3, ...) {hn__a0, hn__a1, hn__a2, hn__a3}
#define HN__FL_4(T0, T1, T2, T3, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3;
#define HN__ML_4(S, T0, T1, T2, T3, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3)
#define HN__PL_5(T0, T1, T2, T3, T4, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4
#define HN__TL_5(T0, T1, T2, T3, T4, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4)
#define HN__NL_5(T0, T1, T2, T3, T4, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4
#define HN__IL_5(T0, T1, T2, T3, T4, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4}
#define HN__FL_5(T0, T1, T2, T3, T4, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4;
#define HN__ML_5(S, T0, T1, T2, T3, T4, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4)
#define HN__PL_6(T0, T1, T2, T3, T4, T5, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5
#define HN__TL_6(T0, T1, T2, T3, T4, T5, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5)
#define HN__NL_6(T0, T1, T2, T3, T4, T5, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5
#define HN__IL_6(T0, T1, T2, T3, T4, T5, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5}
#define HN__FL_6(T0, T1, T2, T3, T4, T5, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5;
#define HN__ML_6(S, T0, T1, T2, T3, T4, T5, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5)
#define HN__PL_7(T0, T1, T2, T3, T4, T5, T6, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6
#define HN__TL_7(T0, T1, T2, T3, T4, T5, T6, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6)
#define HN__NL_7(T0, T1, T2, T3, T4, T5, T6, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6
#define HN__IL_7(T0, T1, T2, T3, T4, T5, T6, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6}
#define HN__FL_7(T0, T1, T2, T3, T4, T5, T6, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6;
#define HN__ML_7(S, T0, T1, T2, T3, T4, T5, T6, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6)
#define HN__PL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6, HN__TY(T7) hn__a7
#define HN__TL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6), HN__TY(T7)
#define HN__NL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7
#define HN__IL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7}
#define HN__FL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6; HN__TY(T7) a7;
#define HN__ML_8(S, T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6), HN__META(S, 7, T7)
#define HN__PL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6, HN__TY(T7) hn__a7, HN__TY(T8) hn__a8
#define HN__TL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6), HN__TY(T7), HN__TY(T8)
#define HN__NL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8
#define HN__IL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8}
#define HN__FL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6; HN__TY(T7) a7; HN__TY(T8) a8;
#define HN__ML_9(S, T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6), HN__META(S, 7, T7), HN__META(S, 8, T8)
#define HN__PL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6, HN__TY(T7) hn__a7, HN__TY(T8) hn__a8, HN__TY(T9) hn__a9
#define HN__TL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6), HN__TY(T7), HN__TY(T8), HN__TY(T9)
#define HN__NL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8, hn__a9
#define HN__IL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8, hn__a9}
#define HN__FL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6; HN__TY(T7) a7; HN__TY(T8) a8; HN__TY(T9) a9;
#define HN__ML_10(S, T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6), HN__META(S, 7, T7), HN__META(S, 8, T8), HN__META(S, 9, T9)
#define HN__GEN_0N(K, X, r, f, ...) K(X, r, f, 0, 0, (~))
#define HN__GEN_1N(K, X, r, f, T0, ...) K(X, r, f, 1, 0, (T0, ~))
#define HN__GEN_1V(K, X, r, f, T0, ...) K(X, r, f, 1, 1, (T0, ~))
#define HN__GEN_2N(K, X, r, f, T0, T1, ...) K(X, r, f, 2, 0, (T0, T1, ~))
#define HN__GEN_2V(K, X, r, f, T0, T1, ...) K(X, r, f, 2, 1, (T0, T1, ~))
#define HN__GEN_3N(K, X, r, f, T0, T1, T2, ...) K(X, r, f, 3, 0, (T0, T1, T2, ~))
#define HN__GEN_3V(K, X, r, f, T0, T1, T2, ...) K(X, r, f, 3, 1, (T0, T1, T2, ~))
#define HN__GEN_4N(K, X, r, f, T0, T1, T2, T3, ...) K(X, r, f, 4, 0, (T0, T1, T2, T3, ~))
#define HN__GEN_4V(K, X, r, f, T0, T1, T2, T3, ...) K(X, r, f, 4, 1, (T0, T1, T2, T3, ~))
#define HN__GEN_5N(K, X, r, f, T0, T1, T2, T3, T4, ...) K(X, r, f, 5, 0, (T0, T1, T2, T3, T4, ~))
#define HN__GEN_5V(K, X, r, f, T0, T1, T2, T3, T4, ...) K(X, r, f, 5, 1, (T0, T1, T2, T3, T4, ~))
#define HN__GEN_6N(K, X, r, f, T0, T1, T2, T3, T4, T5, ...) K(X, r, f, 6, 0, (T0, T1, T2, T3, T4, T5, ~))
#define HN__GEN_6V(K, X, r, f, T0, T1, T2, T3, T4, T5, ...) K(X, r, f, 6, 1, (T0, T1, T2, T3, T4, T5, ~))
#define HN__GEN_7N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, ...) K(X, r, f, 7, 0, (T0, T1, T2, T3, T4, T5, T6, ~))
#define HN__GEN_7V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, ...) K(X, r, f, 7, 1, (T0, T1, T2, T3, T4, T5, T6, ~))
#define HN__GEN_8N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, ...) K(X, r, f, 8, 0, (T0, T1, T2, T3, T4, T5, T6, T7, ~))
#define HN__GEN_8V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, ...) K(X, r, f, 8, 1, (T0, T1, T2, T3, T4, T5, T6, T7, ~))
#define HN__GEN_9N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) K(X, r, f, 9, 0, (T0, T1, T2, T3, T4, T5, T6, T7, T8, ~))
#define HN__GEN_9V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) K(X, r, f, 9, 1, (T0, T1, T2, T3, T4, T5, T6, T7, T8, ~))
#define HN__GEN_10N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) K(X, r, f, 10, 0, (T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ~))
#define HN__GEN_10V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) K(X, r, f, 10, 1, (T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ~))
#define HN__SHAPE_2(r, f, ...) 0N
#define HN__SHAPE_3(r, f, a0, ...) HN__IF(HN__IS_VOID(a0))(0N, HN__IF(HN__IS_VA(a0))(0V, 1N))
#define HN__SHAPE_4(r, f, a0, a1, ...) HN__IF(HN__IS_VA(a1))(1V, 2N)
#define HN__SHAPE_5(r, f, a0, a1, a2, ...) HN__IF(HN__IS_VA(a2))(2V, 3N)
#define HN__SHAPE_6(r, f, a0, a1, a2, a3, ...) HN__IF(HN__IS_VA(a3))(3V, 4N)
#define HN__SHAPE_7(r, f, a0, a1, a2, a3, a4, ...) HN__IF(HN__IS_VA(a4))(4V, 5N)
#define HN__SHAPE_8(r, f, a0, a1, a2, a3, a4, a5, ...) HN__IF(HN__IS_VA(a5))(5V, 6N)
#define HN__SHAPE_9(r, f, a0, a1, a2, a3, a4, a5, a6, ...) HN__IF(HN__IS_VA(a6))(6V, 7N)
#define HN__SHAPE_10(r, f, a0, a1, a2, a3, a4, a5, a6, a7, ...) HN__IF(HN__IS_VA(a7))(7V, 8N)
#define HN__SHAPE_11(r, f, a0, a1, a2, a3, a4, a5, a6, a7, a8, ...) HN__IF(HN__IS_VA(a8))(8V, 9N)
#define HN__SHAPE_12(r, f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, ...) HN__IF(HN__IS_VA(a9))(9V, 10N)
#define HN__SHAPE_13(r, f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, ...) HN__IF(HN__IS_VA(a10))(10V, TOO_MANY)
#define HN__GEN_0V(K, X, r, f, ...)                                             \
    _Static_assert(0, "HN_DOUBLE(" #f "): HN_VARARGS needs a parameter before it")

/* The types every double defines: return, option record, function pointer,
 * argument record, expectation options, their layout and the metadata. */
#define HN__TYPES(r, f, k, va, TS, RV, RS)                                      \
    typedef __typeof__(r) hn__ret_##f;                                          \
    typedef RV hn__rv_##f;                                                      \
    typedef hn__ret_##f (*hn__fp_##f)(HN__TLX(k, va, TS));                      \
    typedef struct hn__args_##f {                                               \
        HN__FLX(k, TS)                                                          \
    } hn__args_##f;                                                             \
    typedef struct hn__xo_##f {                                                 \
        hn_matcher hn__m0, hn__m1, hn__m2, hn__m3, hn__m4, hn__m5, hn__m6,      \
            hn__m7, hn__m8, hn__m9;                                             \
        hn_card times;                                                          \
        hn__rv_##f returns;                                                     \
        hn__fp_##f calls;                                                       \
        int calls_real;                                                         \
        hn_fill_spec fill[HN_FILL_MAX];                                              \
        hn_seq *seq;                                                            \
        int hn__end;                                                            \
    } hn__xo_##f;                                                               \
    static const hn__xo_layout hn__xl_##f __attribute__((unused)) = {           \
        offsetof(hn__xo_##f, times), offsetof(hn__xo_##f, returns), RS,         \
        offsetof(hn__xo_##f, calls), offsetof(hn__xo_##f, calls_real),          \
        offsetof(hn__xo_##f, fill), offsetof(hn__xo_##f, seq)};                 \
    static const hn__arg_meta hn__meta_##f[] = {HN__MLX(hn__args_##f, k, TS)}; \
    enum { hn__nargs_##f = k };

typedef struct hn__noret {
    char hn__none;
} hn__noret;

#define HN__DBL(X, r, f, k, va, TS)                                             \
    HN__IF(HN__IS_VOID(r))(HN__DBL_V, HN__DBL_R)(r, f, k, va, TS)
#define HN__DBL_R(r, f, k, va, TS)                                              \
    HN__TYPES(r, f, k, va, TS, hn__ret_##f, sizeof(hn__ret_##f))                \
    HN__DBL_DATA(f, k, va, TS, sizeof(hn__ret_##f),                             \
                 HN__KIND(*(hn__ret_##f *)0), 0)                                \
    hn__ret_##f __wrap_##f(HN__PLX(k, va, TS))                                  \
    {                                                                           \
        HN__ENTER(f, k, TS)                                                     \
        hn__ret_##f hn__r;                                                      \
        if (hn__d->fast == HN__FAST_RETURN && !hn__double_bypass) {             \
            __builtin_memcpy(&hn__r, hn__d->ret_value, sizeof hn__r);           \
            return hn__r;                                                       \
        }                                                                       \
        switch (hn__double_call(hn__d, hn__i, &hn__a, &hn__r)) {                \
        case HN__ACT_IMPL:                                                      \
            return ((hn__fp_##f)hn__d->impl)(HN__NLX(k, TS));                   \
        case HN__ACT_REAL:                                                      \
            return ((hn__fp_##f)hn__d->real)(HN__NLX(k, TS));                   \
        default:                                                                \
            return hn__r;                                                       \
        }                                                                       \
    }                                                                           \
    HN__DBL_END(f)
#define HN__DBL_V(r, f, k, va, TS)                                              \
    HN__TYPES(void, f, k, va, TS, hn__noret, 0)                                 \
    HN__DBL_DATA(f, k, va, TS, 0, 0, HN__DF_VOID)                               \
    void __wrap_##f(HN__PLX(k, va, TS))                                         \
    {                                                                           \
        HN__ENTER(f, k, TS)                                                     \
        if (hn__d->fast == HN__FAST_RETURN && !hn__double_bypass)               \
            return;                                                             \
        switch (hn__double_call(hn__d, hn__i, &hn__a, (void *)0)) {             \
        case HN__ACT_IMPL:                                                      \
            ((hn__fp_##f)hn__d->impl)(HN__NLX(k, TS));                          \
            return;                                                             \
        case HN__ACT_REAL:                                                      \
            ((hn__fp_##f)hn__d->real)(HN__NLX(k, TS));                          \
            return;                                                             \
        default:                                                                \
            return;                                                             \
        }                                                                       \
    }                                                                           \
    HN__DBL_END(f)
/* The signature check, the descriptor (the history of calls is allocated by
 * the library when the double is first configured or called in a test:
 * framework/doubles/double.c) and the declarations of
 * the three entry points (__real_fn and __wrap_fn are the names the linker's
 * --wrap dictates; hn__fwd_fn is what honest_add_test links as fn when no
 * object defines it: another name of __wrap_fn, so a double compiles to one
 * function). */
#define HN__DBL_DATA(f, k, va, TS, RS, RK, FL)                                  \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&f), hn__fp_##f),    \
                   "HN_DOUBLE(" #f "): the declared signature does not match "  \
                   "the real prototype of " #f " (return type, parameter "      \
                   "count or a parameter type differs): update the HN_DOUBLE"   \
                   " line to the prototype");                                \
    __attribute__((weak)) hn__double hn__dbl_##f = {                            \
        .name = #f, .file = __FILE__, .line = __LINE__,                         \
        .flags = (FL) | ((va) ? HN__DF_VARIADIC : 0), .nargs = k,               \
        .args_size = sizeof(hn__args_##f), .ret_size = RS, .ret_kind = RK,      \
        .args = hn__meta_##f, .hist_max = HN_DOUBLE_HISTORY};                   \
    extern hn__ret_##f __real_##f(HN__PLX(k, va, TS)) __attribute__((weak));    \
    hn__ret_##f __wrap_##f(HN__PLX(k, va, TS)) __attribute__((weak));           \
    hn__ret_##f hn__fwd_##f(HN__PLX(k, va, TS)) __attribute__((weak, alias("__wrap_" #f))); \
    __attribute__((constructor)) static void hn__reg_##f(void)                  \
    {                                                                           \
        hn__double_register(&hn__dbl_##f, (hn__vfn)hn__fwd_##f,                 \
                            (hn__vfn)__real_##f, hn__meta_##f);                 \
    }
#define HN__ENTER(f, k, TS)                                                     \
    hn__args_##f hn__a = HN__ILX(k, TS);                                        \
    hn__double *const hn__d = &hn__dbl_##f;                                     \
    size_t hn__i = hn__double_enter(hn__d);                                     \
    if (hn__i < __atomic_load_n(&hn__d->hist_cap, __ATOMIC_ACQUIRE))            \
        ((hn__args_##f *)hn__d->hist)[hn__i] = hn__a;
#define HN__DBL_END(f)                                                          \
    static hn__double *const hn__dp_##f __attribute__((unused)) = &hn__dbl_##f

/* HN_FN: the same types in block scope, and a closure made at run time. */
#define HN__FNK(type, r, f, k, va, TS)                                          \
    HN__IF(HN__IS_VOID(r))(HN__FNK_V, HN__FNK_R)(type, r, f, k, va, TS)
#define HN__FNK_R(type, r, f, k, va, TS)                                        \
    HN__TYPES(r, f, k, va, TS, hn__ret_##f, sizeof(hn__ret_##f))                \
    HN__FN_MAKE(type, r, f, k, va, sizeof(hn__ret_##f),                         \
                HN__KIND(*(hn__ret_##f *)0), 0)
#define HN__FNK_V(type, r, f, k, va, TS)                                        \
    HN__TYPES(void, f, k, va, TS, hn__noret, 0)                                 \
    HN__FN_MAKE(type, r, f, k, va, 0, 0, HN__DF_VOID)
#define HN__FN_MAKE(type, r, f, k, va, RS, RK, FL)                              \
    _Static_assert(!(va), "HN_FN(" #type ", " #r ", " #f "): variadic function " \
                          "pointers cannot be doubled at run time");            \
    _Static_assert(__builtin_types_compatible_p(__typeof__(type), hn__fp_##f),              \
                   "HN_FN(" #type ", " #r ", " #f "): " #type                   \
                   " is not a pointer to a function of the declared signature"); \
    hn__double *const hn__dp_##f = hn__fn_new(&(const hn__fn_decl){             \
        #f, #type, __FILE__, __LINE__, hn__meta_##f, k,                         \
        sizeof(hn__args_##f), RS, RK, (FL) | HN__DF_FN});                       \
    __typeof__(type) f = (__typeof__(type))hn__fn_code(hn__dp_##f)

#endif
