#include "audit/audit.hpp"

namespace pt::audit {

void write(db::Connection& c, const Clock& clock, const Record& r) {
    auto dump = [](const nlohmann::json& j) -> db::Value {
        if (j.is_null()) return db::Null{};
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    c.execute(
        "INSERT INTO audit_log (at, actor_user_id, action, entity, entity_id, before_json, after_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {to_iso(clock.now()),
         r.actor_user_id ? db::Value{*r.actor_user_id} : db::Value{db::Null{}},
         r.action, r.entity, r.entity_id, dump(r.before), dump(r.after)});
}

}  // namespace pt::audit
