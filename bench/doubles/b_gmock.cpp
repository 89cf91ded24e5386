// SPDX-License-Identifier: MIT
// b_gmock.cpp: GoogleMock's mock of f: a C function forwarding to a mock
// object whose EXPECT_CALL returns 42 for every call (and counts them).
#include <gmock/gmock.h>

#include <cstdio>
#include <cstdlib>

#include "target.h"

class FMock {
  public:
    MOCK_METHOD(int, f, (int));
};

static FMock *mock;

extern "C" int f(int x)
{
    return mock->f(x);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? std::atol(argv[1]) : 10000000;
    testing::InitGoogleMock(&argc, argv);
    testing::FLAGS_gmock_verbose = "error";
    FMock m;
    mock = &m;
    EXPECT_CALL(m, f(testing::_)).Times(static_cast<int>(n + n / 10)).WillRepeatedly(testing::Return(42));
    call_f(n / 10); // warm up
    long long t0 = bench_now_ns(), c0 = bench_cpu_ns();
    long long sum = call_f(n);
    long long c1 = bench_cpu_ns(), t1 = bench_now_ns();
    if (sum != 42LL * n) {
        std::fprintf(stderr, "b_gmock: wrong sum %lld\n", sum);
        return 1;
    }
    bench_report("gmock", t1 - t0, c1 - c0, n);
    return testing::Mock::VerifyAndClear(&m) ? 0 : 1;
}
