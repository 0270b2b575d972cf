#pragma once
// SQL of voucher programmes: the programme with its services, and the figures a grant decision
// needs (what the programme has allocated, what the customer already got, de minimis aid from the
// city's other programmes). Allocation is the sum of the programme's vouchers' values, i.e. of
// their grant entries: budget = unallocated + grants (the ledger check verifies it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "storage/db.hpp"
#include "vouchers/domain/grant.hpp"
#include "vouchers/domain/programme.hpp"

namespace pt::vouchers {

struct ProgrammeView {
    VoucherProgramme programme;  // with service_description_ids (ascending)
    Money allocated;             // sum of the values of the vouchers granted from it
    std::int64_t vouchers = 0;   // how many were granted
    std::int64_t open_applications = 0;  // status 'submitted'
    std::string created_at, updated_at;
    Money unallocated() const { return programme.budget - allocated; }
};

struct ProgrammeFilter {
    // Only programmes taking applications on this day (application_start <= day <= application_end).
    std::optional<std::string> open_on;  // ISO date
    int limit = 50;
    int offset = 0;
};

std::vector<ProgrammeView> list_programmes(db::Connection& c, const ProgrammeFilter& f);
std::int64_t count_programmes(db::Connection& c, const ProgrammeFilter& f);
std::optional<ProgrammeView> find_programme(db::Connection& c, std::int64_t id);
// Within a write transaction: takes the programme's row lock first (PostgreSQL FOR UPDATE), so
// two grants from one programme serialize and the budget check sees every earlier grant.
std::optional<ProgrammeView> lock_programme(db::Connection& c, std::int64_t id);

// Inserts the programme and its service rows; returns the id. The caller validated it.
std::int64_t insert_programme(db::Connection& c, const VoucherProgramme& p, const std::string& now);
// Rewrites the programme's fields and its service rows.
void update_programme(db::Connection& c, const VoucherProgramme& p, const std::string& now);

// The ids among `ids` that are not service descriptions (for a field error).
std::vector<std::int64_t> unknown_service_descriptions(db::Connection& c, const std::vector<std::int64_t>& ids);
// The service descriptions a programme's vouchers may buy.
std::vector<std::int64_t> programme_service_ids(db::Connection& c, std::int64_t programme_id);

// This customer's vouchers from the programme (whatever their status), oldest first.
std::vector<ExistingGrant> customer_grants(db::Connection& c, std::int64_t programme_id, std::int64_t customer_id);
// De minimis aid the city granted this customer from its de minimis programmes other than
// `except_programme_id` (voucher values by grant date).
std::vector<GrantedAid> other_de_minimis_aid(db::Connection& c, std::int64_t customer_id,
                                             std::int64_t except_programme_id);

}  // namespace pt::vouchers
