#include "invoicing/invoice_service.hpp"

#include <spdlog/spdlog.h>

#include "audit/audit.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "invoicing/data/payment_queries.hpp"
#include "invoicing/domain/amounts.hpp"
#include "invoicing/domain/numbering.hpp"
#include "invoicing/domain/reference.hpp"
#include "notify/outbox.hpp"
#include "orders/data/order_queries.hpp"
#include "orders/domain/order.hpp"
#include "orders/order_service.hpp"
#include "procurement/domain/price_model_json.hpp"
#include "vouchers/data/voucher_queries.hpp"

namespace pt::invoicing {

namespace {

nlohmann::json opt_json(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

int local_year(TimePoint t) { return static_cast<int>(std::chrono::year_month_day{local_day(t)}.year()); }

std::vector<Meeting> meetings_of(const std::string& text) {
    std::vector<Meeting> out;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& m : j) {
        if (!m.is_object() || !m.contains("minutes") || !m["minutes"].is_number_integer()) continue;
        out.push_back({m.contains("date") && m["date"].is_string() ? m["date"].get<std::string>() : std::string(),
                       m["minutes"].get<long long>()});
    }
    return out;
}

std::string replace_service(std::string tpl, const std::string& service) {
    const std::string key = "{service}";
    for (auto at = tpl.find(key); at != std::string::npos; at = tpl.find(key, at + service.size()))
        tpl.replace(at, key.size(), service);
    return tpl;
}

void refuse_status(const InvoiceRow& inv) {
    throw UserError(409, "invoice.refused", "invoice.wrong_status." + inv.status);
}

}  // namespace

std::optional<std::string> reason_error_key(std::string_view reason) {
    if (!text::valid_utf8(reason)) return "invoice.reason.invalid_text";
    if (text::has_control_chars(reason)) return "invoice.reason.control_chars";
    const auto t = text::trim(reason);
    if (t.empty()) return "invoice.reason.required";
    const auto n = text::length(t);
    if (n < 3) return "invoice.reason.too_short";
    if (n > 1000) return "invoice.reason.too_long";
    return std::nullopt;
}

nlohmann::json to_json(const InvoiceRow& r) {
    return {{"id", r.id},
            {"kind", std::string(to_string(r.kind))},
            {"number", r.number},
            {"status", r.status},
            {"order_id", r.order_id},
            {"contract_number", r.contract_number},
            {"provider", {{"id", r.provider_id}, {"name", r.provider_name}}},
            {"issue_date", r.issue_date},
            {"due_date", r.kind == DocumentKind::credit_note ? nlohmann::json(nullptr) : nlohmann::json(r.due_date)},
            {"reference_number", r.reference_number},
            {"buyer_reference", r.buyer_reference},
            {"net_cents", r.net.cents()},
            {"vat_cents", r.vat.cents()},
            {"gross_cents", r.gross.cents()},
            {"dispute_reason", r.kind == DocumentKind::invoice ? opt_json(r.dispute_reason) : nlohmann::json(nullptr)},
            {"credit_reason", r.kind == DocumentKind::credit_note ? opt_json(r.dispute_reason) : nlohmann::json(nullptr)},
            {"credited_invoice", r.credited_invoice_id
                                     ? nlohmann::json{{"id", *r.credited_invoice_id},
                                                      {"number", r.credited_number.value_or("")}}
                                     : nlohmann::json(nullptr)},
            {"credit_note", r.credit_note_id ? nlohmann::json{{"id", *r.credit_note_id},
                                                              {"number", r.credit_note_number.value_or("")}}
                                             : nlohmann::json(nullptr)},
            {"decided_at", opt_json(r.decided_at)},
            {"paid_at", opt_json(r.paid_at)},
            {"created_at", r.created_at}};
}

std::string InvoiceService::default_month() const { return previous_month(local_day(clock_.now())); }

std::optional<std::string> InvoiceService::month_error(const std::string& month) const {
    auto first = parse_month(month);
    if (!first) return "invoice.month.invalid";
    if (*first > local_day(clock_.now())) return "invoice.month.future";
    return std::nullopt;
}

void InvoiceService::mail_provider(db::Connection& c, const InvoiceRow& inv, const std::string& kind,
                                   nlohmann::json data) {
    data["number"] = inv.number;
    data["contract_number"] = inv.contract_number;
    data["provider"] = inv.provider_name;
    data["link"] = public_url_ + "/invoices/" + std::to_string(inv.id);
    for (const auto& address : orders::provider_user_emails(c, inv.provider_id)) {
        try {
            const auto lang = notify::recipient_language(c, address);
            data["gross"] = inv.gross.format(lang);
            notify::enqueue(c, notify::compose(renderer_, kind, lang, address, data), clock_);
        } catch (const UserError&) {
            spdlog::warn("{}: unusable e-mail address for invoice {}", kind, inv.id);
        }
    }
}

RunResult InvoiceService::run(const Principal& who, const std::optional<std::string>& month_in) {
    const auto month = month_in.value_or(default_month());
    if (auto err = month_error(month)) throw Invalid({{"month", *err}}, "validation.failed");
    const auto first = *parse_month(month);
    const auto now_tp = clock_.now();
    const auto now = to_iso(now_tp);
    const auto today = local_day(now_tp);
    // Approved up to the month's end in Finnish local time.
    const auto decided_before = local_day_start_iso(next_month_start(first));
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        RunResult result{month, std::nullopt, {}, to_iso_date(today).substr(0, 7), {}};
        auto buyer = buyer_terms(c);
        if (!buyer) throw UserError(409, "invoice.refused", "invoice.no_organizer");
        const auto reports = billable_reports(c, decided_before);
        std::vector<InvoiceRow> created;
        for (const auto& seen : reports) {
            // A concurrent run may have invoiced it since the SELECT (PostgreSQL, READ COMMITTED).
            if (lock_order_has_open_invoice(c, seen.order_id)) continue;
            // Read again under the order's lock: the report may have been returned, or the order
            // moved, since the unlocked SELECT; the lines come from what is true now.
            const auto fresh = billable_report_of_order(c, seen.order_id, decided_before);
            if (!fresh) continue;
            const auto& b = *fresh;
            auto model = procurement::parse_price_model(b.price_model_json);
            if (!model) {
                spdlog::error("invoice run: order {} has a service with an unreadable price model", b.order_id);
                result.skipped.push_back({b.order_id, "price_model"});
                continue;
            }
            BillingFacts facts;
            facts.model = *model;
            facts.card_price = b.price;
            facts.card_title = b.card_title;
            facts.meetings = meetings_of(b.meetings_json);
            if (b.bonus_code && b.bonus_status && *b.bonus_status == "approved") facts.bonus_code = b.bonus_code;
            facts.vat = {vat_category_from(b.vat_category).value_or(VatCategory::exempt), b.vat_rate_bp,
                         b.vat_exemption_reason};
            Invoice inv;
            try {
                inv.lines = build_lines(facts);
            } catch (const std::invalid_argument& e) {
                spdlog::error("invoice run: order {} cannot be billed: {}", b.order_id, e.what());
                const std::string_view what = e.what();
                const char* reason = what.starts_with("unknown bonus code") ? "unknown_bonus"
                                     : what.starts_with("nothing to bill")  ? "nothing_to_bill"
                                     : what.starts_with("meeting minutes")  ? "bad_meetings"
                                                                            : "other";
                result.skipped.push_back({b.order_id, reason});
                continue;
            }
            compute_totals(inv);
            if (!result.run_id) result.run_id = insert_run(c, month, who.user_id, 0, now);
            const int year = local_year(now_tp);
            inv.number = format_invoice_number(year, orders::next_counter(c, invoice_counter_name(year)));
            auto seller = party_json(seller_party(c, b.provider_id));
            seller["vat_exemption_reason"] = facts.vat.category == VatCategory::exempt ? b.vat_exemption_reason : "";
            NewInvoice row;
            row.kind = DocumentKind::invoice;
            row.number = inv.number;
            row.order_id = b.order_id;
            row.provider_id = b.provider_id;
            row.run_id = result.run_id;
            row.issue_date = to_iso_date(today);
            row.due_date = to_iso_date(due_date(today, buyer->payment_terms_days));
            row.reference_number = *reference_for_invoice_number(inv.number);
            row.buyer_reference = replace_service(buyer->reference_template, b.service_name_fi);
            row.net = inv.net_total;
            row.vat = inv.vat_total;
            row.gross = inv.gross_total;
            row.status = "sent";
            row.seller_json = seller.dump();
            row.buyer_json = party_json(buyer->party).dump();
            const auto id = insert_invoice(c, row, now);
            insert_lines(c, id, inv.lines);
            auto view = *find_invoice_unscoped(c, id);
            audit::write(c, clock_, {who.user_id, "invoice.create", "invoice", std::to_string(id), nullptr, to_json(view)});
            mail_provider(c, view, "invoice_created", {{"due_date", finnish_date(view.due_date)}});
            result.invoice_ids.push_back(id);
        }
        if (result.run_id) {
            c.execute("UPDATE invoice_runs SET invoice_count = ? WHERE id = ?",
                      {static_cast<std::int64_t>(result.invoice_ids.size()), *result.run_id});
            audit::write(c, clock_, {who.user_id, "invoice.run", "invoice_run", std::to_string(*result.run_id), nullptr,
                                     nlohmann::json{{"month", month}, {"invoices", result.invoice_ids}}});
        }
        return result;
    });
}

InvoiceRow InvoiceService::approve(const Principal& who, std::int64_t invoice_id) {
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto seen = find_invoice(c, invoice_id, who);
        if (!seen) throw NotFound("invoice.not_found");
        if (seen->kind != DocumentKind::invoice) throw UserError(409, "invoice.refused", "invoice.credit_note_not_decided");
        // Lock order of the house: voucher, then order, then the invoice.
        auto voucher = vouchers::lock_voucher(c, seen->voucher_id);
        auto order = orders::lock_order(c, seen->order_id);
        auto before = *lock_invoice(c, invoice_id);
        if (before.status != "sent") refuse_status(before);
        if (!voucher || !order) throw NotFound("invoice.not_found");

        const auto lines = invoice_lines(c, invoice_id, "");
        const bool first_invoice = order->status == orders::OrderStatus::reported;
        Money spend, release;
        if (first_invoice) {
            if (auto refusal = orders::check_transition(order->status, orders::OrderAction::invoice, who.role))
                throw UserError(refusal == orders::TransitionRefusal::wrong_role ? 403 : 409, "invoice.refused",
                                std::string(orders::message_key(*refusal)));
            // The voucher pays the service lines' net, at most what the order still reserves.
            const Money holding = order_holding(c, order->id);
            spend = voucher_part(lines, holding);
            release = holding - spend;
            if (spend.cents() > 0)
                vouchers::add_ledger_entry(c, order->voucher_id, order->id, vouchers::EntryKind::spend, spend, now);
            if (release.cents() > 0) {
                vouchers::add_ledger_entry(c, order->voucher_id, order->id, vouchers::EntryKind::release, release, now);
                // Released money of an ended voucher cannot be used again (as OrderService does).
                if (voucher->voucher.status == vouchers::VoucherStatus::expired)
                    vouchers::add_ledger_entry(c, order->voucher_id, std::nullopt, vouchers::EntryKind::expire, release, now);
                else if (voucher->voucher.status == vouchers::VoucherStatus::cancelled)
                    vouchers::add_ledger_entry(c, order->voucher_id, std::nullopt, vouchers::EntryKind::cancel, release, now);
            }
            const auto next = *orders::next_status(order->status, orders::OrderAction::invoice, who.role);
            orders::update_order_status(c, order->id, next, std::nullopt, now);
            orders::insert_order_event(c, {order->id, "invoice", std::string(orders::to_string(order->status)),
                                           std::string(orders::to_string(next)), who.user_id,
                                           std::string(pt::to_string(who.role)), std::nullopt, now});
        } else if (order->status == orders::OrderStatus::invoiced || order->status == orders::OrderStatus::paid) {
            // A corrected invoice after a credit note: the order already went through `invoice`.
            // The voucher pays again what is still available on it, up to the service lines and
            // the order's price (reserve + spend at once, so the order holds nothing).
            const Money room = order->price - order_net_spent(c, order->id);
            Money amount = voucher_part(lines, room);
            if (voucher->voucher.status != vouchers::VoucherStatus::active) amount = Money{};
            if (amount > voucher->balance.available()) amount = voucher->balance.available();
            if (amount.cents() > 0) {
                vouchers::add_ledger_entry(c, order->voucher_id, order->id, vouchers::EntryKind::reserve, amount, now);
                vouchers::add_ledger_entry(c, order->voucher_id, order->id, vouchers::EntryKind::spend, amount, now);
            }
            spend = amount;
        } else {
            throw UserError(409, "invoice.refused", "invoice.order_not_reported");
        }
        decide_invoice(c, invoice_id, "approved", std::nullopt, who.user_id, now);
        auto after = *find_invoice_unscoped(c, invoice_id);
        auto audit_after = to_json(after);
        audit_after["voucher_spent_cents"] = spend.cents();
        audit_after["released_cents"] = release.cents();
        audit::write(c, clock_, {who.user_id, "invoice.approve", "invoice", std::to_string(invoice_id), to_json(before),
                                 audit_after});
        if (first_invoice) {
            auto order_after = *orders::lock_order(c, order->id);
            audit::write(c, clock_, {who.user_id, "order.invoice", "order", std::to_string(order->id),
                                     orders::to_json(*order, false), orders::to_json(order_after, false)});
        }
        return after;
    });
}

InvoiceRow InvoiceService::dispute(const Principal& who, std::int64_t invoice_id, const std::string& reason) {
    if (auto err = reason_error_key(reason)) throw Invalid({{"reason", *err}}, "validation.failed");
    const auto clean = text::trim(reason);
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto seen = find_invoice(c, invoice_id, who);
        if (!seen) throw NotFound("invoice.not_found");
        if (seen->kind != DocumentKind::invoice) throw UserError(409, "invoice.refused", "invoice.credit_note_not_decided");
        auto before = *lock_invoice(c, invoice_id);
        if (before.status != "sent") refuse_status(before);
        decide_invoice(c, invoice_id, "disputed", clean, who.user_id, now);
        // The provider corrects the billing report; the next run invoices the corrected one.
        return_billing_report(c, before.order_id, clean, who.user_id, now);
        auto after = *find_invoice_unscoped(c, invoice_id);
        audit::write(c, clock_, {who.user_id, "invoice.dispute", "invoice", std::to_string(invoice_id), to_json(before),
                                 to_json(after)});
        mail_provider(c, after, "invoice_disputed", {{"reason", clean}});
        return after;
    });
}

InvoiceRow InvoiceService::credit(const Principal& who, std::int64_t invoice_id, const std::string& reason) {
    if (auto err = reason_error_key(reason)) throw Invalid({{"reason", *err}}, "validation.failed");
    const auto clean = text::trim(reason);
    const auto now_tp = clock_.now();
    const auto now = to_iso(now_tp);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto seen = find_invoice(c, invoice_id, who);
        if (!seen) throw NotFound("invoice.not_found");
        if (seen->kind != DocumentKind::invoice) throw UserError(409, "invoice.refused", "invoice.credit_note_not_credited");
        auto voucher = vouchers::lock_voucher(c, seen->voucher_id);
        auto order = orders::lock_order(c, seen->order_id);
        auto before = *lock_invoice(c, invoice_id);
        if (before.status != "approved" && before.status != "paid") refuse_status(before);
        if (!voucher || !order) throw NotFound("invoice.not_found");
        // A partly paid invoice would leave its payments on a cancelled invoice: pay it in full first.
        if (auto payable = find_payable_invoice(c, invoice_id);
            payable && payable->target.paid.cents() > 0 && payable->target.paid < before.gross)
            throw UserError(409, "invoice.refused", "invoice.credit_partly_paid");

        const int year = local_year(now_tp);
        const auto number = format_invoice_number(year, orders::next_counter(c, invoice_counter_name(year)));
        NewInvoice row;
        row.kind = DocumentKind::credit_note;
        row.number = number;
        row.order_id = before.order_id;
        row.provider_id = before.provider_id;
        row.credited_invoice_id = before.id;
        row.issue_date = to_iso_date(local_day(now_tp));
        row.due_date = "";
        row.reference_number = *reference_for_invoice_number(number);
        row.buyer_reference = before.buyer_reference;
        row.net = before.net;
        row.vat = before.vat;
        row.gross = before.gross;
        row.status = "approved";  // takes effect when issued
        row.reason = clean;
        row.seller_json = before.seller_json;
        row.buyer_json = before.buyer_json;
        const auto id = insert_invoice(c, row, now);
        insert_lines(c, id, invoice_lines(c, before.id, ""));
        set_invoice_status(c, before.id, "credited", now);

        // What the voucher paid for this order comes back (spent -> available), and is written
        // off at once when the voucher has ended.
        const Money refund = order_net_spent(c, order->id);
        if (refund.cents() > 0) {
            vouchers::add_ledger_entry(c, order->voucher_id, order->id, vouchers::EntryKind::refund, refund, now);
            if (voucher->voucher.status == vouchers::VoucherStatus::expired)
                vouchers::add_ledger_entry(c, order->voucher_id, std::nullopt, vouchers::EntryKind::expire, refund, now);
            else if (voucher->voucher.status == vouchers::VoucherStatus::cancelled)
                vouchers::add_ledger_entry(c, order->voucher_id, std::nullopt, vouchers::EntryKind::cancel, refund, now);
        }
        return_billing_report(c, before.order_id, clean, who.user_id, now);
        auto note = *find_invoice_unscoped(c, id);
        auto after = *find_invoice_unscoped(c, before.id);
        auto audit_note = to_json(note);
        audit_note["refund_cents"] = refund.cents();
        audit::write(c, clock_, {who.user_id, "invoice.credit", "invoice", std::to_string(before.id), to_json(before),
                                 to_json(after)});
        audit::write(c, clock_, {who.user_id, "invoice.create", "invoice", std::to_string(id), nullptr, audit_note});
        mail_provider(c, note, "invoice_credited", {{"reason", clean}, {"credited_number", before.number}});
        return note;
    });
}

}  // namespace pt::invoicing
