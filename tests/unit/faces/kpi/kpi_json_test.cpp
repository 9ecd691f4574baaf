#include "faces/kpi/kpi_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>

#include "domain/kpi/kpi_enums.hpp"
#include "faces/kpi/kpi_render.hpp"

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

// Found by the face JSON fuzzer: a non-finite double walked past the end of its digits.
TEST(KpiJsonTest, NonFiniteFloatsAreNull) {
  EXPECT_EQ(py(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(py(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(py(std::numeric_limits<double>::quiet_NaN()), "null");
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

// GET /kpi_values writes rows straight into a string; it must be byte for byte what the tree
// path (render_kpi_value + flask_json) wrote.
TEST(KpiJsonTest, DirectValueWriterMatchesTreePath) {
  std::vector<store::KpiValueRecord> values;
  store::KpiValueRecord v;
  v.id = 1;
  v.kpi_id = 2;
  v.period_year = 2023;
  v.period_month = 12;
  v.value = 555;
  v.created_by_user_id = 4;
  v.created_at = 1'702'641'600'000'000;
  v.updated_by_user_id.reset();
  v.updated_at = 1'702'641'600'999'999;
  values.push_back(v);
  const double samples[] = {0.1, -0.0, 12.5, 1e16, 0.00001, -123456.789, 1e-300, 99.99};
  std::int64_t micros = -86'400'000'001;
  for (double d : samples) {
    v.id += 1'000'003;
    v.value = d;
    v.created_by_user_id.reset();
    v.updated_by_user_id = v.id;
    v.created_at = micros;
    v.updated_at = micros + 951'782'400'000'000;  // around 2000-02-29
    micros += 3'333'333'333'333;
    values.push_back(v);
  }
  boost::json::array rows;
  for (const auto& r : values) {
    rows.emplace_back(render_kpi_value(r));
    std::string one;
    append_kpi_value_json(one, r);
    EXPECT_EQ(one + "\n", flask_json(render_kpi_value(r)));
  }
  boost::json::object body;
  body["KPI_Values"] = std::move(rows);
  EXPECT_EQ(render_kpi_values_body(values), flask_json(body));
}

}  // namespace
}  // namespace tandem::faces::kpi
