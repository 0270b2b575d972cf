#pragma once
// The price model as stored in service_descriptions.price_model (JSON text) and sent by the API:
//   {"kind":"fixed","values":[250000,500000],"bonuses":[{"code":"employed_6m","amount":50000,"evidence":"..."}]}
//   {"kind":"hourly","rate":9000,"cap":500000,"bonuses":[]}
// Amounts are integer cents. No I/O.
#include "procurement/domain/price_model.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pt::procurement {

nlohmann::json to_json(const PriceModel& m);
// nullopt when the JSON does not have the shape above (wrong kinds, missing or non-integer
// amounts, unknown keys). The model's own rules are price_model_error's job.
std::optional<PriceModel> price_model_from_json(const nlohmann::json& j);
std::optional<PriceModel> parse_price_model(std::string_view json_text);

}  // namespace pt::procurement
