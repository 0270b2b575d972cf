#pragma once
// Every state change writes one audit record in the same transaction as the change itself.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "storage/db.hpp"

namespace pt::audit {

struct Record {
    std::optional<std::int64_t> actor_user_id;  // nullopt: the system (seed, scheduled job)
    std::string action;                         // "order.accept"
    std::string entity;                         // "order"
    std::string entity_id;
    nlohmann::json before;                      // null when created
    nlohmann::json after;                       // null when deleted
};

void write(db::Connection& c, const Clock& clock, const Record& r);

}  // namespace pt::audit
