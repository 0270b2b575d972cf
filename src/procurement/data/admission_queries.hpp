#pragma once
// Admissions as other contexts need them: the catalog checks them when a provider publishes
// a card, and shows the brochure. The rest of procurement's SQL is in procurement_queries.
#include "storage/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pt::procurement {

struct AdmissionRow {
    std::int64_t id = 0;
    std::int64_t provider_id = 0;
    std::int64_t service_description_id = 0;
    std::int64_t call_id = 0;
    std::int64_t application_id = 0;
    std::string period_start, period_end;  // "YYYY-MM-DD", both included
    std::string decided_on, brochure_due;
    std::optional<std::int64_t> brochure_attachment_id;
    std::optional<std::string> brochure_received_at;
};

// The admission of `provider_id` to `service_description_id` whose period covers `today`
// ("YYYY-MM-DD"); when several do, the one ending last. nullopt: not admitted today.
std::optional<AdmissionRow> find_active_admission(db::Connection& c, std::int64_t provider_id,
                                                  std::int64_t service_description_id, const std::string& today);

// Every admission of a provider, newest period first.
std::vector<AdmissionRow> admissions_of_provider(db::Connection& c, std::int64_t provider_id);

}  // namespace pt::procurement
