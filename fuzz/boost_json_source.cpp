// Boost.JSON compiled into the fuzz targets from source rather than linked from the system
// library: instrumented like the code under test, its parser's branches guide the fuzzer through
// the JSON the faces, the token verifier and the checks read.
#include <boost/json/src.hpp>
