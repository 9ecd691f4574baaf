// The one translation unit that compiles Asio and Beast (separate compilation): every other file
// includes only their declarations, which keeps a full build affordable on two cores.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
