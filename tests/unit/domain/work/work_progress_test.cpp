#include "domain/work/progress.hpp"

#include <gtest/gtest.h>

#include "faces/v1/python_json.hpp"

namespace tandem::domain::work {
namespace {

std::string python_text(double d) { return faces::v1::python_json(boost::json::value(d)); }

TEST(WorkProgressTest, RoundsLikePython) {
  EXPECT_EQ(python_text(rounded_percentage(1, 3)), "33.33");
  EXPECT_EQ(python_text(rounded_percentage(2, 3)), "66.67");
  EXPECT_EQ(python_text(rounded_percentage(1, 2)), "50.0");
  EXPECT_EQ(python_text(rounded_percentage(1, 6)), "16.67");
  EXPECT_EQ(python_text(rounded_percentage(1, 32)), "3.12");  // 3.125 is below the tie in binary
  EXPECT_EQ(python_text(rounded_percentage(3, 3)), "100.0");
  EXPECT_EQ(python_text(rounded_percentage(0, 0)), "0.0");
  EXPECT_EQ(python_text(rounded_percentage(3, 7)), "42.86");
}

TEST(WorkProgressTest, ProgressOfCounts) {
  auto p = progress_of(store::TaskCounts{4, 1, 2, 1});
  EXPECT_EQ(p.counts.total, 4);
  EXPECT_DOUBLE_EQ(p.percentage, 25.0);
}

TEST(PythonJsonTest, WritesFloatsAsPythonAndTheRestAsJson) {
  boost::json::object o;
  o["a"] = 1.5e-3;
  o["b"] = 7;
  o["c"] = "x\"y";
  o["d"] = boost::json::array{0.0, nullptr, true};
  EXPECT_EQ(faces::v1::python_json(o), R"({"a":0.0015,"b":7,"c":"x\"y","d":[0.0,null,true]})");
}

}  // namespace
}  // namespace tandem::domain::work
