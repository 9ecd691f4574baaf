#include "faces/kpi/kpi_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/kpi/kpi_enums.hpp"

namespace tandem::faces::kpi {
namespace {

std::string py(double d) {
  std::string out;
  append_python_float(out, d);
  return out;
}

TEST(KpiJsonTest, FloatsAsPythonRepr) {
  EXPECT_EQ(py(555), "555.0");
  EXPECT_EQ(py(0), "0.0");
  EXPECT_EQ(py(-0.0), "-0.0");
  EXPECT_EQ(py(12.5), "12.5");
  EXPECT_EQ(py(0.1), "0.1");
  EXPECT_EQ(py(0.0001), "0.0001");
  EXPECT_EQ(py(0.00001), "1e-05");
  EXPECT_EQ(py(1e15), "1000000000000000.0");
  EXPECT_EQ(py(1e16), "1e+16");
  EXPECT_EQ(py(1.5e16), "1.5e+16");
  EXPECT_EQ(py(-123456.789), "-123456.789");
  EXPECT_EQ(py(1e300), "1e+300");
}

TEST(KpiJsonTest, SortedCompactAsciiWithNewline) {
  auto v = boost::json::parse(R"({"b":1,"a":{"z":true,"y":null},"c":["é\"\n",2.0]})");
  EXPECT_EQ(flask_json(v),
            "{\"a\":{\"y\":null,\"z\":true},\"b\":1,\"c\":[\"\\u00e9\\\"\\n\",2.0]}\n");
  EXPECT_EQ(flask_json(boost::json::value("😀")), "\"\\ud83d\\ude00\"\n");
  EXPECT_EQ(flask_json(boost::json::value(std::string("\x01"))), "\"\\u0001\"\n");
}

TEST(KpiEnumsTest, NamesAndDisplayValuesBothParse) {
  using namespace domain::kpi;
  EXPECT_EQ(parse_unit("%"), Unit::percentage);
  EXPECT_EQ(parse_unit("Percentage"), Unit::percentage);
  EXPECT_EQ(parse_unit("CHF"), Unit::chf);
  EXPECT_FALSE(parse_unit("usd"));
  EXPECT_EQ(parse_periodicity("MONTHLY"), Periodicity::monthly);
  EXPECT_FALSE(parse_periodicity("weekly"));
  EXPECT_EQ(unit_display("percentage"), "%");
  EXPECT_EQ(periodicity_display("quarterly"), "Quarterly");
}

}  // namespace
}  // namespace tandem::faces::kpi
