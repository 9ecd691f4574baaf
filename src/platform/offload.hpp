#pragma once
// Runs a blocking function on another executor (a writer thread, the hashing pool) and resumes
// the awaiting coroutine on its own loop. Exceptions travel back to the awaiting coroutine.

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <type_traits>

namespace tandem::platform {

template <typename Executor, typename Fn>
boost::asio::awaitable<std::invoke_result_t<Fn&>> run_on(Executor target, Fn fn) {
  using Result = std::invoke_result_t<Fn&>;
  static_assert(!std::is_void_v<Result>, "return a value (e.g. bool) from offloaded work");
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                     void(std::exception_ptr, Result)>(
      [target](auto handler, Fn work) {
        boost::asio::post(target, [h = std::move(handler), w = std::move(work)]() mutable {
          std::exception_ptr error;
          Result result{};
          try {
            result = w();
          } catch (...) {
            error = std::current_exception();
          }
          auto ex = boost::asio::get_associated_executor(h);
          boost::asio::post(ex, [h = std::move(h), error, r = std::move(result)]() mutable {
            h(error, std::move(r));
          });
        });
      },
      boost::asio::use_awaitable, std::move(fn));
}

}  // namespace tandem::platform
