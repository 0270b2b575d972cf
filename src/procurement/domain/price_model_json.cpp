#include "procurement/domain/price_model_json.hpp"

#include <cstdint>
#include <initializer_list>
#include <limits>

namespace pt::procurement {

namespace {

using nlohmann::json;

// Integer cents only: 1.0, "100", true and numbers beyond int64 are not amounts.
std::optional<Money> amount(const json& j) {
    if (j.is_number_unsigned()) {
        if (j.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return Money::cents(static_cast<std::int64_t>(j.get<std::uint64_t>()));
    }
    if (j.is_number_integer()) return Money::cents(j.get<std::int64_t>());
    return std::nullopt;
}

bool only_keys(const json& o, std::initializer_list<const char*> allowed) {
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool known = false;
        for (const char* k : allowed) known = known || it.key() == k;
        if (!known) return false;
    }
    return true;
}

std::optional<std::vector<OutcomeBonus>> bonuses_from(const json& o) {
    std::vector<OutcomeBonus> out;
    if (!o.contains("bonuses")) return out;  // no bonuses is the common case
    const auto& list = o["bonuses"];
    if (!list.is_array()) return std::nullopt;
    for (const auto& b : list) {
        if (!b.is_object() || !only_keys(b, {"code", "amount", "evidence"})) return std::nullopt;
        if (!b.contains("code") || !b["code"].is_string() || !b.contains("amount")) return std::nullopt;
        auto a = amount(b["amount"]);
        if (!a) return std::nullopt;
        OutcomeBonus bonus{b["code"].get<std::string>(), *a, ""};
        if (b.contains("evidence")) {
            if (!b["evidence"].is_string()) return std::nullopt;
            bonus.evidence = b["evidence"].get<std::string>();
        }
        out.push_back(std::move(bonus));
    }
    return out;
}

}  // namespace

nlohmann::json to_json(const PriceModel& m) {
    json bonuses = json::array();
    for (const auto& b : m.bonuses)
        bonuses.push_back({{"code", b.code}, {"amount", b.amount.cents()}, {"evidence", b.evidence}});
    if (const auto* f = std::get_if<FixedVoucherValue>(&m.base)) {
        json values = json::array();
        for (Money v : f->allowed) values.push_back(v.cents());
        return {{"kind", "fixed"}, {"values", values}, {"bonuses", bonuses}};
    }
    const auto& h = std::get<HourlyRate>(m.base);
    return {{"kind", "hourly"}, {"rate", h.rate.cents()}, {"cap", h.cap.cents()}, {"bonuses", bonuses}};
}

std::optional<PriceModel> price_model_from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string()) return std::nullopt;
    const auto kind = j["kind"].get<std::string>();
    PriceModel m;
    if (kind == "fixed") {
        if (!only_keys(j, {"kind", "values", "bonuses"}) || !j.contains("values") || !j["values"].is_array())
            return std::nullopt;
        FixedVoucherValue f;
        for (const auto& v : j["values"]) {
            auto a = amount(v);
            if (!a) return std::nullopt;
            f.allowed.push_back(*a);
        }
        m.base = std::move(f);
    } else if (kind == "hourly") {
        if (!only_keys(j, {"kind", "rate", "cap", "bonuses"}) || !j.contains("rate") || !j.contains("cap"))
            return std::nullopt;
        auto rate = amount(j["rate"]);
        auto cap = amount(j["cap"]);
        if (!rate || !cap) return std::nullopt;
        m.base = HourlyRate{*rate, *cap};
    } else {
        return std::nullopt;
    }
    auto bonuses = bonuses_from(j);
    if (!bonuses) return std::nullopt;
    m.bonuses = std::move(*bonuses);
    return m;
}

std::optional<PriceModel> parse_price_model(std::string_view json_text) {
    // Depth and size are bounded by the request limits; parse errors are simply "not a model".
    auto j = json::parse(json_text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return price_model_from_json(j);
}

}  // namespace pt::procurement
