#include "procurement/data/admission_queries.hpp"

namespace pt::procurement {

namespace {

constexpr const char* kSelect =
    "SELECT id, provider_id, service_description_id, call_id, application_id, period_start, period_end, decided_on, "
    "brochure_due, brochure_attachment_id, brochure_received_at FROM admissions";

AdmissionRow row_from(const db::Row& r) {
    return {r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.str(5), r.str(6), r.str(7), r.str(8),
            r.opt_i64(9), r.opt_str(10)};
}

}  // namespace

// Dates are "YYYY-MM-DD" text, so string order is date order on both databases.
std::optional<AdmissionRow> find_active_admission(db::Connection& c, std::int64_t provider_id,
                                                  std::int64_t service_description_id, const std::string& today) {
    auto r = c.query(std::string(kSelect) +
                         " WHERE provider_id = ? AND service_description_id = ? AND period_start <= ? AND period_end >= ? "
                         "ORDER BY period_end DESC, id DESC LIMIT 1",
                     {provider_id, service_description_id, today, today});
    if (r.empty()) return std::nullopt;
    return row_from(r[0]);
}

std::vector<AdmissionRow> admissions_of_provider(db::Connection& c, std::int64_t provider_id) {
    std::vector<AdmissionRow> out;
    for (const auto& r : c.query(std::string(kSelect) + " WHERE provider_id = ? ORDER BY period_end DESC, id DESC",
                                 {provider_id}))
        out.push_back(row_from(r));
    return out;
}

}  // namespace pt::procurement
