#include "invoicing/payment_service.hpp"

#include <algorithm>
#include <map>
#include <spdlog/spdlog.h>

#include "audit/audit.hpp"
#include "notify/outbox.hpp"
#include "orders/data/order_queries.hpp"
#include "web/renderer.hpp"

namespace pt::invoicing {

nlohmann::json to_json(const PaymentRow& p) {
    return {{"id", p.id},
            {"invoice", {{"id", p.invoice_id}, {"number", p.invoice_number}}},
            {"provider", {{"id", p.provider_id}, {"name", p.provider_name}}},
            {"amount_cents", p.amount.cents()},
            {"paid_on", p.paid_on},
            {"source", p.source},
            {"reference", p.reference},
            {"recorded_by", p.recorded_by},
            {"created_at", p.created_at}};
}

nlohmann::json invoice_summary_json(const PayableInvoice& inv) {
    return {{"id", inv.id},
            {"number", inv.number},
            {"kind", inv.target.kind},
            {"status", inv.target.status},
            {"order_id", inv.order_id},
            {"contract_number", inv.contract_number},
            {"provider", {{"id", inv.provider_id}, {"name", inv.provider_name}}},
            {"issue_date", inv.target.issue_date},
            {"due_date", inv.due_date},
            {"gross_cents", inv.target.gross.cents()},
            {"paid_cents", inv.target.paid.cents()},
            {"open_cents", inv.target.open().cents()},
            {"paid_at", inv.paid_at ? nlohmann::json(*inv.paid_at) : nlohmann::json(nullptr)}};
}

RecordedPayment PaymentService::apply(db::Connection& c, const Principal& who, const PayableInvoice& inv,
                                      const PaymentInput& in, const std::string& source, const std::string& now) {
    const auto id = insert_payment(c, {inv.id, in.amount, in.paid_on, source, in.reference, who.user_id}, now);
    const bool settled = inv.target.paid + in.amount == inv.target.gross;
    std::string order_step = "none";
    if (settled) {
        mark_invoice_paid(c, inv.id, now);
        // A corrected invoice after a credit note of a paid invoice: the order is already `paid`
        // and the table has no step from there, so only the invoice becomes paid.
        auto order = orders::lock_order(c, inv.order_id);
        if (order && order->status == orders::OrderStatus::paid) {
            order_step = "order_already_paid";
        } else {
            // invoiced → paid: the table says who may (organizer_admin, finance_officer).
            orders_.step_in(c, who, inv.order_id, orders::OrderAction::pay);
            order_step = "pay";
        }
    }
    RecordedPayment r{*find_payment(c, id), *find_payable_invoice(c, inv.id), settled};
    audit::write(c, clock_, {who.user_id, "payment.record", "invoice", std::to_string(inv.id), invoice_summary_json(inv),
                             {{"payment", to_json(r.payment)}, {"invoice", invoice_summary_json(r.invoice)},
                              {"order_step", order_step}}});

    // The provider's users hear of every payment, in the language each chose.
    nlohmann::json data = {{"invoice_number", inv.number},
                           {"contract_number", inv.contract_number},
                           {"provider", inv.provider_name},
                           {"paid_on", in.paid_on},
                           {"settled", settled},
                           {"link", public_url_ + "/invoices/" + std::to_string(inv.id)}};
    for (const auto& to : orders::provider_user_emails(c, inv.provider_id)) {
        try {
            const auto lang = notify::recipient_language(c, to);
            data["amount"] = in.amount.format(lang);
            data["open"] = r.invoice.target.open().format(lang);
            data["gross"] = inv.target.gross.format(lang);
            notify::enqueue(c, notify::compose(renderer_, "payment_received", lang, to, data), clock_);
        } catch (const UserError&) {
            spdlog::warn("payment_received: unusable e-mail address for provider {}", inv.provider_id);
        }
    }
    return r;
}

RecordedPayment PaymentService::record(const Principal& who, std::int64_t invoice_id, const PaymentInput& in) {
    const auto now_tp = clock_.now();
    const auto now = to_iso(now_tp);
    const auto today = to_iso_date(local_day(now_tp));
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto seen = find_payable_invoice(c, invoice_id);
        if (!seen) throw NotFound("payments.invoice_not_found");
        // Lock order as everywhere: the order, then its invoice.
        orders::lock_order(c, seen->order_id);
        auto inv = *lock_payable_invoice(c, invoice_id);
        if (auto refusal = payment_refusal(inv.target, in.amount, in.paid_on, today)) {
            if (refusal->status == 409) throw UserError(409, "payments.refused", refusal->key);
            throw Invalid({{refusal->field, refusal->key}}, "validation.failed");
        }
        return apply(c, who, inv, in, "manual", now);
    });
}

ImportResult PaymentService::import_csv(const Principal& who, std::string_view csv) {
    auto parsed = parse_payment_csv(csv);
    const auto now_tp = clock_.now();
    const auto now = to_iso(now_tp);
    const auto today = to_iso_date(local_day(now_tp));
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto errors = parsed.errors;
        // The invoices the rows name, locked order by order (ascending, so two imports cannot deadlock).
        std::map<std::string, std::optional<PayableInvoice>> by_number;
        for (const auto& row : parsed.rows)
            if (!by_number.count(row.invoice_number)) by_number[row.invoice_number] = find_payable_invoice_by_number(c, row.invoice_number);
        std::vector<std::pair<std::int64_t, std::int64_t>> locks;  // order id, invoice id
        for (const auto& [number, inv] : by_number)
            if (inv) locks.emplace_back(inv->order_id, inv->id);
        std::sort(locks.begin(), locks.end());
        for (const auto& [order_id, invoice_id] : locks) {
            orders::lock_order(c, order_id);
            for (auto& [number, inv] : by_number)
                if (inv && inv->id == invoice_id) inv = lock_payable_invoice(c, invoice_id);
        }
        // Every row against the invoice as the earlier rows of the file leave it.
        std::map<std::string, Money> in_file;
        for (const auto& row : parsed.rows) {
            const auto& inv = by_number[row.invoice_number];
            if (!inv) { errors.push_back({row.line, "invoice_number", "payments.unknown_invoice"}); continue; }
            // The same bank file imported again: its rows are already stored.
            if (csv_payment_exists(c, inv->id, row.paid_on, row.amount)) {
                errors.push_back({row.line, "row", "payments.csv.already_imported"});
                continue;
            }
            auto target = inv->target;
            target.paid += in_file[row.invoice_number];
            if (auto refusal = payment_refusal(target, row.amount, row.paid_on, today)) {
                errors.push_back({row.line, refusal->field == "invoice" ? "invoice_number" : refusal->field, refusal->key});
                continue;
            }
            in_file[row.invoice_number] += row.amount;
        }
        if (!errors.empty()) {
            std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
            throw CsvRejected(std::move(errors));
        }
        ImportResult result;
        for (const auto& row : parsed.rows) {
            // Re-read: an earlier row may have paid part of it.
            auto inv = *find_payable_invoice(c, by_number[row.invoice_number]->id);
            result.payments.push_back(apply(c, who, inv, {row.amount, row.paid_on, ""}, "csv", now));
        }
        return result;
    });
}

}  // namespace pt::invoicing
