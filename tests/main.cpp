// The one doctest main of the unit-test binary; every topic lives in tests/unit/test_*.cpp.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
