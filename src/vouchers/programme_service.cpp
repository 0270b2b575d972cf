#include "vouchers/programme_service.hpp"

#include "audit/audit.hpp"
#include "core/errors.hpp"

namespace pt::vouchers {

namespace {

void check_services_exist(db::Connection& c, const VoucherProgramme& p, const Translate& t) {
    auto unknown = unknown_service_descriptions(c, p.service_description_ids);
    if (unknown.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < unknown.size() && i < 10; ++i) list += (i ? ", " : "") + std::to_string(unknown[i]);
    throw Invalid({{"service_description_ids", t("programme.service_description_unknown") + " " + list}},
                  t("validation.failed"));
}

void check_domain(const VoucherProgramme& p, const Translate& t) {
    auto errors = programme_errors(p);
    if (errors.empty()) return;
    for (auto& [field, key] : errors) key = t(key);
    throw Invalid(errors, t("validation.failed"));
}

}  // namespace

nlohmann::json programme_audit_json(const VoucherProgramme& p) {
    nlohmann::json denominations = nlohmann::json::array();
    for (auto d : p.denominations) denominations.push_back(d.cents());
    return {{"id", p.id},
            {"name", p.name},
            {"customer_type", std::string(to_string(p.customer_type))},
            {"denominations_cents", denominations},
            {"max_per_customer_cents", p.max_per_customer.cents()},
            {"validity_months", p.validity_months},
            {"budget_cents", p.budget.cents()},
            {"service_description_ids", p.service_description_ids},
            {"application_start", to_iso_date(p.application_start)},
            {"application_end", to_iso_date(p.application_end)},
            {"de_minimis", p.de_minimis},
            {"de_minimis_ceiling_cents", p.de_minimis_ceiling.cents()},
            {"fiscal_year_start_month", p.fiscal_year_start_month}};
}

std::int64_t ProgrammeService::create(const VoucherProgramme& p, std::optional<std::int64_t> actor, const Translate& t) {
    check_domain(p, t);
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        check_services_exist(c, p, t);
        VoucherProgramme saved = p;
        saved.id = insert_programme(c, p, now);
        audit::write(c, clock_, {actor, "programme.create", "voucher_programme", std::to_string(saved.id), nullptr,
                                 programme_audit_json(saved)});
        return saved.id;
    });
}

void ProgrammeService::update(const VoucherProgramme& p, std::optional<std::int64_t> actor, const Translate& t) {
    const auto now = to_iso(clock_.now());
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        // The lock first: a grant in another transaction either committed before (and is counted
        // in `allocated`) or waits until this edit is done and sees the new budget.
        auto current = lock_programme(c, p.id);
        if (!current) throw NotFound(t("programme.not_found"));
        check_domain(p, t);
        check_services_exist(c, p, t);
        std::map<std::string, std::string> conflicts;
        if (p.budget < current->allocated)
            conflicts["budget"] = t("programme.budget_below_allocated");
        if (current->vouchers > 0 && p.customer_type != current->programme.customer_type)
            conflicts["customer_type"] = t("programme.customer_type_locked");
        // Granted vouchers count as de minimis aid by the programme's setting and fiscal years:
        // changing either afterwards would rewrite what the city has already granted.
        if (current->vouchers > 0 && p.de_minimis != current->programme.de_minimis)
            conflicts["de_minimis"] = t("programme.de_minimis_locked");
        if (current->vouchers > 0 && p.fiscal_year_start_month != current->programme.fiscal_year_start_month)
            conflicts["fiscal_year_start_month"] = t("programme.de_minimis_locked");
        if (!conflicts.empty()) throw UserError(409, t("programme.conflict"), t("programme.conflict_detail"), conflicts);
        update_programme(c, p, now);
        audit::write(c, clock_, {actor, "programme.update", "voucher_programme", std::to_string(p.id),
                                 programme_audit_json(current->programme), programme_audit_json(p)});
    });
}

}  // namespace pt::vouchers
