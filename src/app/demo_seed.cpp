#include "app/demo_seed.hpp"
#include "app/demo_cycle.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <map>
#include <stdexcept>

#include "accounts/data/account_queries.hpp"
#include "accounts/domain/secrets.hpp"
#include "audit/audit.hpp"
#include "core/text.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "procurement/domain/file_names.hpp"
#include "catalog/data/classification_queries.hpp"
#include "catalog/data/service_description_queries.hpp"
#include "vouchers/data/programme_queries.hpp"
#include "vouchers/data/voucher_queries.hpp"

namespace pt::app {

namespace {

struct DemoProvider {
    const char* business_id;
    const char* name;
    const char* municipality;
    const char* municipality_code;
};

// Business IDs with valid check digits.
constexpr std::array<DemoProvider, 10> kProviders = {{
    {"2260181-9", "Markkinointipaja Oy", "Jyväskylä", "179"},
    {"2083016-7", "Keski-Suomen Myyntivalmennus Oy", "Jyväskylä", "179"},
    {"1318609-4", "Digiloikka Osuuskunta", "Jyväskylä", "179"},
    {"1909960-2", "Työpolku Ry", "Jyväskylä", "179"},
    {"1824628-7", "Uravalmennus Kaari Oy", "Jämsä", "182"},
    {"3482199-0", "Kielikeskus Sanasilta Oy", "Jyväskylä", "179"},
    {"3518190-5", "Suomi Työssä Koulutus Oy", "Laukaa", "410"},
    {"2786579-2", "Brändiverstas Oy", "Muurame", "500"},
    {"2432319-7", "Rekrytointitalo Virta Oy", "Jyväskylä", "179"},
    {"1757491-6", "Nordic Growth Partners Ab", "Jyväskylä", "179"},
}};

// PTV service classes of the three service descriptions: Industries, Jobseeking and jobs, Education.
constexpr std::array<const char*, 3> kServiceClasses = {"P11", "P10.1", "P6"};

struct DemoCard {
    int provider;       // index into kProviders
    int service;        // 0 sales-marketing, 1 job-search-coaching, 2 work-life-finnish
    const char* title;
    const char* summary;
    std::int64_t euros;
    const char* languages;
    const char* mode;
    const char* duration;
};

constexpr std::array<DemoCard, 30> kCards = {{
    {0, 0, "Markkinoinnin kehittäminen", "Markkinointisuunnitelma ja kanavavalinnat pienyritykselle.", 2500, "fi", "hybrid", "6 viikkoa"},
    {0, 0, "Digimarkkinoinnin kasvupaketti", "Verkkonäkyvyys, hakukoneoptimointi ja some-mainonta kuntoon.", 5000, "fi,en", "remote", "3 kuukautta"},
    {0, 0, "Myyntiprosessin sparraus", "Myyntiputken mallinnus ja asiakaskäyntien valmennus.", 2500, "fi", "on_site", "4 viikkoa"},
    {1, 0, "Myynnin tehostaminen", "Myyntitiimin valmennus ja tavoitteiden asettaminen.", 5000, "fi", "on_site", "2 kuukautta"},
    {1, 0, "B2B-myynnin perusteet", "Yritysasiakkaiden hankinta ja tarjousten laatiminen.", 2500, "fi,sv", "hybrid", "5 viikkoa"},
    {2, 0, "Verkkokaupan käynnistys", "Verkkokauppa-alustan valinta ja ensimmäiset kampanjat.", 5000, "fi,en", "remote", "3 kuukautta"},
    {2, 0, "Sosiaalisen median markkinointi", "Sisältösuunnitelma ja mainonnan mittaaminen.", 2500, "fi", "remote", "6 viikkoa"},
    {7, 0, "Brändin uudistus", "Yrityksen brändin ja visuaalisen ilmeen kehittäminen.", 5000, "fi", "hybrid", "3 kuukautta"},
    {7, 0, "Markkinointiviestinnän selkeytys", "Viestit, kohderyhmät ja markkinointimateriaalit.", 2500, "fi,en", "on_site", "1 kuukausi"},
    {9, 0, "Export marketing kick-off", "Marketing plan for the first export market.", 5000, "en,sv", "remote", "2 months"},
    {9, 0, "Försäljningsutveckling", "Försäljningsprocess och kundvård för småföretag.", 2500, "sv,fi", "hybrid", "6 veckor"},
    {3, 1, "Työnhakuvalmennus ryhmässä", "Ryhmävalmennus työnhaun menetelmiin ja verkostoihin.", 2500, "fi", "on_site", "8 viikkoa"},
    {3, 1, "Yksilöllinen työnhakuvalmennus", "Henkilökohtainen valmentaja ja työnhakusuunnitelma.", 5000, "fi", "hybrid", "3 kuukautta"},
    {4, 1, "Urasuunnittelu ja osaamisen tunnistaminen", "Osaamiskartoitus ja uravaihtoehtojen selvitys.", 2500, "fi", "on_site", "6 viikkoa"},
    {4, 1, "Työhaastatteluvalmennus", "Harjoitushaastattelut ja palaute.", 2500, "fi,en", "remote", "4 viikkoa"},
    {8, 1, "Rekrytointivalmiuksien kehittäminen", "CV, hakemukset ja LinkedIn-profiili ajan tasalle.", 2500, "fi", "remote", "1 kuukausi"},
    {8, 1, "Job search coaching in English", "Coaching for international jobseekers in Central Finland.", 2500, "en", "hybrid", "6 weeks"},
    {8, 1, "Työkokeilun ja palkkatuen ohjaus", "Tuki työkokeilupaikan löytämiseen.", 5000, "fi", "on_site", "3 kuukautta"},
    {1, 1, "Myyntityöhön valmentava kurssi", "Valmennus myyntityöhön siirtyville.", 2500, "fi", "on_site", "6 viikkoa"},
    {3, 1, "Työnhaun digitaidot", "Verkkopalvelut, videohaastattelut ja sähköinen hakeminen.", 2500, "fi,sv", "remote", "4 viikkoa"},
    {5, 2, "Työelämän suomen kieli, alkeet", "Suomen kielen perusteet työpaikan tilanteisiin.", 2500, "fi,en", "on_site", "10 viikkoa"},
    {5, 2, "Työelämän suomen kieli, jatko", "Kokoukset, puhelut ja sähköposti suomeksi.", 2500, "fi,en", "hybrid", "10 viikkoa"},
    {5, 2, "Finnish for the workplace, intensive", "Intensive course in workplace Finnish.", 5000, "en", "on_site", "3 months"},
    {6, 2, "Ammattisanaston suomi", "Alakohtainen sanasto: hoiva, rakennus ja logistiikka.", 2500, "fi", "on_site", "8 viikkoa"},
    {6, 2, "Suomen kieli työpaikalla", "Kielivalmennus työpaikalla työn lomassa.", 5000, "fi", "on_site", "4 kuukautta"},
    {6, 2, "Puhumisen rohkeus -valmennus", "Suullisen kielitaidon vahvistaminen.", 2500, "fi", "remote", "6 viikkoa"},
    {5, 2, "Svenska i arbetslivet", "Ruotsin kieli asiakaspalvelutyöhön.", 2500, "sv,fi", "hybrid", "8 veckor"},
    {2, 0, "Asiakaskokemuksen kehittäminen", "Asiakaspolku, palautteet ja palvelumuotoilu.", 5000, "fi", "hybrid", "2 kuukautta"},
    {4, 1, "Uraohjaus yrittäjyyteen", "Yrittäjäksi ryhtymisen polku ja liiketoimintasuunnitelma.", 2500, "fi", "hybrid", "6 viikkoa"},
    {0, 0, "Markkinointiautomaation käyttöönotto", "Sähköpostimarkkinointi ja liidien hoito automaatiolla.", 5000, "fi", "remote", "2 kuukautta"},
}};

struct DemoCustomer {
    const char* business_id;
    const char* name;
    std::int64_t voucher_euros;
};

constexpr std::array<DemoCustomer, 5> kCustomers = {{
    {"2291703-9", "Kahvila Kuppi Oy", 5000},
    {"2366712-3", "Rakennus Kivijalka Oy", 2500},
    {"3842684-0", "Tilitoimisto Tase Oy", 5000},
    {"2974650-0", "Hyvinvointistudio Helmi Oy", 2500},
    {"1711471-7", "Puusepänverstas Lastu Oy", 5000},
}};

// The classification terms the demo uses, with their official labels (PTV code lists and
// Statistics Finland's municipalities 2025), so the demo works without the official files;
// `palvelutori import-classifications` adds the rest. Then each service description's frame.
void seed_demo_frames(db::Connection& c, const std::array<std::int64_t, 3>& services, const std::string& now) {
    using catalog::Term;
    catalog::upsert_terms(c, std::vector<Term>{
        {"service_class", "P6", "", "Koulutus", "Utbildning", "Education and training"},
        {"service_class", "P10", "", "Työ ja työttömyys", "Arbete och arbetslöshet", "Work and unemployment"},
        {"service_class", "P10.1", "P10", "Työnhaku ja työpaikat", "Jobbsökning och arbetsplatser", "Jobseeking and jobs"},
        {"service_class", "P11", "", "Elinkeinot", "Näringar", "Industries"},
        {"target_group", "KR2", "", "Yritykset ja yhteisöt", "Företag och samfund", "Businesses and non-government organizations"},
        {"target_group", "KR2.3", "KR2", "Kotimarkkinoilla toimivat yritykset", "Företag på den inhemska marknaden",
         "Businesses operating in the domestic (Finnish) market"},
        {"target_group", "KR2.4", "KR2", "Suomeen ulkomailta tulevat yrittäjät", "Utländska entreprenörer i Finland",
         "Foreign entrepreneurs in Finland"},
        {"target_group", "KR2.6", "KR2", "Työnantajat", "Arbetsgivare", "Employers"},
        {"life_event", "KE5", "", "Maahanmuuttajana Suomeen", "Till Finland som invandrare", "Immigrating to Finland"},
        {"life_event", "KE8", "", "Työttömäksi jääminen", "Att bli arbetslös", "Losing a job"},
        {"municipality", "179", "", "Jyväskylä", "Jyväskylä", "Jyväskylä"},
        {"municipality", "182", "", "Jämsä", "Jämsä", "Jämsä"},
        {"municipality", "410", "", "Laukaa", "Laukas", "Laukaa"},
        {"municipality", "500", "", "Muurame", "Muurame", "Muurame"},
    });
    struct Frame {
        const char* name_sv;
        const char* description_sv;
        const char* goal;
        const char* content_limits;
        std::vector<std::string> target_groups, life_events;
        bool bonus;
    };
    // Seed 001: the frame states the goal, limits the content and guides the provider.
    const std::array<Frame, 3> frames = {{
        {"Utveckling av försäljning och marknadsföring",
         "Utveckling av ett företags försäljning och marknadsföring med en expert. Priset är ett värdekupongsvärde.",
         "Yrityksen myynti ja markkinointi kehittyvät: asiakas saa toteuttamiskelpoisen suunnitelman ja ottaa sen käyttöön.",
         "Sisältää nykytilan arvion, suunnitelman ja sen käyttöönoton valmennuksen. Ei sisällä mainostilan ostoa, "
         "ohjelmistolisenssejä eikä asiakkaan puolesta tehtävää myyntityötä.",
         {"KR2", "KR2.3"}, {}, false},
        {"Jobbsökningscoachning", "Coachning som hjälper en arbetssökande att hitta arbete eller utbildning.",
         "Asiakas työllistyy tai aloittaa koulutuksen; työnhaun taidot ja suunnitelma ovat valmennuksen jälkeen kunnossa.",
         "Sisältää lähtötilanteen kartoituksen, tapaamiset ja konkreettisen jatkosuunnitelman. Valmennus kirjataan "
         "asiakaskohtaiseen palveluraporttiin. Ei sisällä palkkausta eikä rekrytointipalvelua työnantajalle.",
         {"KR2", "KR2.6"}, {"KE8"}, true},
        {"Finska för arbetslivet", "Undervisning i finska för arbetslivets behov.",
         "Asiakas selviää suomeksi työpaikan tavallisissa tilanteissa: kokouksissa, puheluissa ja sähköpostissa.",
         "Sisältää opetuksen ja harjoittelun työelämän tilanteissa. Ei sisällä virallista kielitutkintoa eikä käännöspalvelua.",
         {"KR2", "KR2.4"}, {"KE5"}, false},
    }};
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const auto& f = frames[i];
        auto d = catalog::find_service_description_detail(c, services[i]);
        d->frame.name_sv = f.name_sv;
        d->frame.description_sv = f.description_sv;
        d->frame.goal = f.goal;
        d->frame.content_limits = f.content_limits;
        d->frame.languages = {"fi", "sv", "en"};
        d->frame.price_model = {procurement::FixedVoucherValue{{Money::euros(2500), Money::euros(5000)}}, {}};
        if (f.bonus)
            d->frame.price_model.bonuses.push_back(
                {"employed_6m", Money::euros(500),
                 "Asiakas on työllistynyt vähintään kuuden kuukauden työsuhteeseen kolmen kuukauden kuluessa "
                 "valmennuksen päättymisestä: työsopimus tai työnantajan todistus laskutusraportin liitteenä."});
        catalog::update_service_description(c, d->sd, d->frame, now);
        catalog::set_service_terms(c, services[i], "service_class", {kServiceClasses[i]});
        catalog::set_service_terms(c, services[i], "target_group", f.target_groups);
        catalog::set_service_terms(c, services[i], "life_event", f.life_events);
        catalog::set_service_terms(c, services[i], "municipality", {"179", "182", "410", "500"});
    }
}

// A small, valid one-page PDF whose page says `line` (ASCII), for demo attachments.
std::string demo_pdf(const std::string& line) {
    const std::string stream = "BT /F1 14 Tf 60 760 Td (" + line + ") Tj ET";
    const std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const auto xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto o : offsets) {
        std::string n = std::to_string(o);
        pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

// Dynamic purchasing (issue 4): one published call for the three services, 2026-2027, with its
// checklist; every demo provider is admitted to the services it has cards for (so the cards
// stay valid), with attachments and brochures; Markkinointipaja's brochure is overdue. One
// submitted application waits for a decision and the demo provider user has a draft.
void seed_demo_procurement(db::Connection& c, const std::array<std::int64_t, 3>& services,
                           const std::array<std::int64_t, kProviders.size()>& providers, const std::string& now,
                           std::chrono::sys_days today) {
    const auto user_id = [&](const char* email) {
        return c.query("SELECT id FROM users WHERE email = ?", {std::string(email)})[0].i64(0);
    };
    const auto admin = user_id("admin@palvelutori.example");
    const auto provider_user = user_id("provider@palvelutori.example");
    const std::int64_t call = c.query(
        "INSERT INTO calls (title, description, period_start, period_end, application_deadline, languages, status, "
        "created_at, updated_at, published_at) VALUES (?, ?, '2026-01-01', '2027-12-31', '2027-10-31', 'fi,sv,en', "
        "'published', ?, ?, ?) RETURNING id",
        {std::string("Yritys- ja työllisyyspalvelut 2026–2027"),
         std::string("Dynaaminen pienhankinta: jokainen vaatimukset täyttävä palveluntuottaja hyväksytään. "
                     "Hakemuksen voi jättää sopimuskauden aikana 31.10.2027 asti."),
         now, now, now})[0].i64(0);
    for (auto sd : services)
        c.execute("INSERT INTO call_services (call_id, service_description_id) VALUES (?, ?)", {call, sd});
    struct Req { const char* code; const char* fi; const char* en; bool attachment; };
    const std::array<Req, 4> reqs = {{
        {"luotettava-kumppani", "Luotettava Kumppani -raportti (tilaajavastuulain selvitykset), enintään 3 kk vanha",
         "Reliable Partner report (contractor's liability checks), at most 3 months old", true},
        {"vastuuvakuutus", "Voimassa oleva vastuuvakuutus: vakuutustodistus",
         "Valid liability insurance: insurance certificate", true},
        {"referenssit", "Vähintään kaksi referenssiä vastaavista palveluista viimeisen kolmen vuoden ajalta",
         "At least two references of similar services from the last three years", false},
        {"tietosuoja", "Miten käsittelette asiakkaiden henkilötietoja (tietosuoja, GDPR)",
         "How you process the customers' personal data (data protection, GDPR)", false},
    }};
    for (std::size_t i = 0; i < reqs.size(); ++i)
        c.execute("INSERT INTO call_requirements (call_id, position, code, text_fi, text_en, attachment_required) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  {call, static_cast<std::int64_t>(i + 1), std::string(reqs[i].code), std::string(reqs[i].fi),
                   std::string(reqs[i].en), std::int64_t{reqs[i].attachment ? 1 : 0}});

    const auto attach = [&](std::size_t p, const std::string& name, const std::string& line) {
        const auto bytes = demo_pdf(line);
        return c.query("INSERT INTO attachments (provider_id, file_name, content_type, size_bytes, sha256, content, "
                       "uploaded_by_user_id, created_at) VALUES (?, ?, 'application/pdf', ?, ?, ?, ?, ?) RETURNING id",
                       {providers[p], name, static_cast<std::int64_t>(bytes.size()), procurement::sha256_hex(bytes),
                        db::Blob{bytes}, p == 0 ? provider_user : admin, now})[0].i64(0);
    };
    // status "approved" | "submitted" | "draft"
    const auto apply = [&](std::size_t p, std::size_t s, const std::string& status) {
        const bool sent = status != "draft";
        const auto app = c.query(
            "INSERT INTO participation_applications (call_id, provider_id, service_description_id, status, submitted_at, "
            "decided_at, decided_by_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {call, providers[p], services[s], status, sent ? db::Value(now) : db::Value(db::Null{}),
             status == "approved" ? db::Value(now) : db::Value(db::Null{}),
             status == "approved" ? db::Value(admin) : db::Value(db::Null{}), now, now})[0].i64(0);
        const std::string name = kProviders[p].name;
        const auto answer = [&](const char* code, const std::string& text, std::optional<std::int64_t> att) {
            c.execute("INSERT INTO application_answers (application_id, requirement_code, text, attachment_id) "
                      "VALUES (?, ?, ?, ?)",
                      {app, std::string(code), text, att ? db::Value(*att) : db::Value(db::Null{})});
        };
        answer("luotettava-kumppani", "Raportti liitteenä.", attach(p, "luotettava-kumppani.pdf", "Luotettava Kumppani: " + std::string(kProviders[p].business_id)));
        if (status == "draft") return app;  // a draft half done
        answer("vastuuvakuutus", "Vakuutustodistus liitteenä.", attach(p, "vastuuvakuutus.pdf", "Vastuuvakuutus " + std::string(kProviders[p].business_id)));
        answer("referenssit", name + ": kolme vastaavaa toimeksiantoa Keski-Suomessa 2023-2025, yhteyshenkilöt pyydettäessä.", std::nullopt);
        answer("tietosuoja", "Henkilötiedot käsitellään EU:ssa, vain palvelun toteuttamiseksi, ja poistetaan sopimuskauden jälkeen.", std::nullopt);
        return app;
    };
    std::set<std::pair<int, int>> admitted;
    for (const auto& card : kCards) admitted.insert({card.provider, card.service});
    const auto decided = today - std::chrono::days{30};
    for (const auto& [p, s] : admitted) {
        const auto app = apply(p, s, "approved");
        // The demo provider's first brochure is overdue; every other one arrived.
        const bool overdue = p == 0;
        const auto due = overdue ? today - std::chrono::days{3} : decided + std::chrono::days{7};
        std::optional<std::int64_t> brochure;
        if (!overdue) brochure = attach(p, "esite.pdf", "Esite " + std::string(kProviders[p].business_id));
        c.execute("INSERT INTO admissions (provider_id, service_description_id, call_id, application_id, period_start, "
                  "period_end, decided_on, brochure_due, brochure_attachment_id, brochure_received_at, created_at) "
                  "VALUES (?, ?, ?, ?, '2026-01-01', '2027-12-31', ?, ?, ?, ?, ?)",
                  {providers[p], services[s], call, app, to_iso_date(overdue ? due - std::chrono::days{7} : decided),
                   to_iso_date(due), brochure ? db::Value(*brochure) : db::Value(db::Null{}),
                   brochure ? db::Value(now) : db::Value(db::Null{}), now});
    }
    apply(3, 2, "submitted");  // Työpolku Ry wants to teach workplace Finnish too
    apply(0, 2, "draft");      // the demo provider user's own draft
}

}  // namespace

bool seed_demo(db::Database& db, const Clock& clock) {
    {
        auto lease = db.acquire();
        if (!lease->query("SELECT 1 FROM organizers WHERE business_id = ?", {std::string("0208201-1")}).empty())
            return false;
    }
    // Hash before the transaction: argon2id is slow on purpose.
    const std::array<std::string, 4> hashes = {
        accounts::hash_password("Admin-demo-1"), accounts::hash_password("Provider-demo-1"),
        accounts::hash_password("Customer-demo-1"), accounts::hash_password("Counsellor-demo-1")};
    const auto now_tp = clock.now();
    const auto now = to_iso(now_tp);
    const auto today = local_day(now_tp);  // the Finnish calendar day, as everywhere else

    db.transact(db::TxMode::write, [&](db::Connection& c) {
        c.execute("INSERT INTO organizers (name, business_id, ovt, einvoice_operator, created_at) VALUES (?, ?, ?, ?, ?)",
                  {std::string("Jyväskylän kaupunki"), std::string("0208201-1"), std::string("003702082011"),
                   std::string("003721291126"), now});
        // The buyer's address and terms on invoices (issue 6; the reference template is the default).
        c.execute("UPDATE organizers SET street_address = 'Vapaudenkatu 32', postal_code = '40100', "
                  "post_office = 'Jyväskylä', payment_terms_days = 21");

        std::array<std::int64_t, 3> services{};
        const std::array<catalog::ServiceDescription, 3> sds = {{
            {0, "sales-marketing", "Myynnin ja markkinoinnin kehittäminen", "Sales and marketing development",
             "Yrityksen myynnin ja markkinoinnin kehittäminen asiantuntijan kanssa. Hinta on setelin arvo.",
             "Developing a company's sales and marketing with an expert. The price equals a voucher value.", now},
            {0, "job-search-coaching", "Työnhakuvalmennus", "Job-search coaching",
             "Valmennus, joka tukee työnhakijaa löytämään työtä tai koulutusta.",
             "Coaching that helps a jobseeker find work or training.", now},
            {0, "work-life-finnish", "Työelämän suomen kieli", "Finnish for working life",
             "Suomen kielen opetus työelämän tarpeisiin.", "Finnish language teaching for working life.", now},
        }};
        for (std::size_t i = 0; i < sds.size(); ++i) services[i] = catalog::insert_service_description(c, sds[i]);
        seed_demo_frames(c, services, now);
        // VAT (issue 6): business development at the general rate; coaching and language teaching
        // are exempt education services (the reason is printed on the invoices).
        c.execute("UPDATE service_descriptions SET vat_rate_bp = 2550, vat_category = 'S', vat_exemption_reason = '' "
                  "WHERE code = 'sales-marketing'");
        c.execute("UPDATE service_descriptions SET vat_rate_bp = 0, vat_category = 'E', "
                  "vat_exemption_reason = 'Arvonlisäverolain 39 §: koulutuspalvelu' WHERE code <> 'sales-marketing'");

        std::array<std::int64_t, kProviders.size()> providers{};
        for (std::size_t i = 0; i < kProviders.size(); ++i) {
            const auto& p = kProviders[i];
            providers[i] = c.query("INSERT INTO providers (business_id, name, municipality, email, created_at) "
                                   "VALUES (?, ?, ?, ?, ?) RETURNING id",
                                   {std::string(p.business_id), std::string(p.name), std::string(p.municipality),
                                    "info" + std::to_string(i + 1) + "@provider.example", now})[0]
                               .i64(0);
        }
        // Complete organization details (issue 4): address, contact person, e-invoice address
        // (OVT = 0037 + the Y-tunnus digits), operator and a valid IBAN.
        {
            constexpr std::array<const char*, kProviders.size()> ibans = {
                "FI6034167211068403", "FI5488542143044324", "FI8045195683237418", "FI9240494836694672",
                "FI2034401074887523", "FI4116374256958351", "FI4603499315247005", "FI5014505452691493",
                "FI9574246925905072", "FI2155491736310002"};
            constexpr std::array<const char*, kProviders.size()> contacts = {
                "Pekka Palveluntuottaja", "Maria Myyjä", "Dan Digi", "Tuula Työpolku", "Kari Kaari",
                "Sanna Sanasilta", "Tero Työssä", "Bea Brändi", "Ville Virta", "Nils Nordic"};
            const std::map<std::string, std::string> postal_codes = {
                {"Jyväskylä", "40100"}, {"Jämsä", "42100"}, {"Laukaa", "41340"}, {"Muurame", "40950"}};
            constexpr std::array<const char*, 3> operators = {"003721291126", "NDEAFIHH", "OKOYFIHH"};
            for (std::size_t i = 0; i < kProviders.size(); ++i) {
                std::string digits = kProviders[i].business_id;
                digits.erase(7, 1);
                c.execute("UPDATE providers SET street_address = ?, postal_code = ?, post_office = ?, contact_name = ?, "
                          "phone = ?, ovt = ?, einvoice_operator = ?, iban = ?, website = ?, updated_at = ? WHERE id = ?",
                          {"Kauppakatu " + std::to_string(2 * i + 1), postal_codes.at(kProviders[i].municipality),
                           std::string(kProviders[i].municipality), std::string(contacts[i]),
                           "+358 40 555 01" + std::to_string(10 + i), "0037" + digits,
                           std::string(operators[i % operators.size()]), std::string(ibans[i]),
                           "https://provider" + std::to_string(i + 1) + ".example", now, providers[i]});
            }
        }
        for (const auto& card : kCards) {
            catalog::NewProductCard n;
            n.provider_id = providers[card.provider];
            n.service_description_id = services[card.service];
            n.title = card.title;
            n.summary = card.summary;
            n.description = std::string(card.summary) + " " + kProviders[card.provider].name +
                            " toteuttaa palvelun yhdessä asiakkaan kanssa, ja tavoitteet sovitaan aloitustapaamisessa.";
            n.price = Money::euros(card.euros);
            n.languages = text::split(card.languages, ',');
            n.delivery_mode = card.mode;
            n.duration = card.duration;
            n.status = "published";
            n.service_class = kServiceClasses[card.service];
            n.period_end = "2027-12-31";  // the demo call's contract period (seed_demo_procurement)
            n.areas = {kProviders[card.provider].municipality_code};
            // Providers in the city centre also serve the neighbouring municipalities.
            if (std::string(kProviders[card.provider].municipality_code) == "179") n.areas = {"179", "410", "500"};
            catalog::insert_product_card(c, n, now);
        }

        // Voucher programmes (issue 5): the business programme the demo vouchers come from, and a
        // programme for persons with no grants yet.
        vouchers::VoucherProgramme growth;
        growth.name = "Kasvuseteli 2026";
        growth.customer_type = vouchers::CustomerType::business;
        growth.denominations = {Money::euros(2500), Money::euros(5000)};
        growth.max_per_customer = Money::euros(5000);
        growth.validity_months = 6;
        growth.budget = Money::euros(200'000);
        growth.service_description_ids = {services.begin(), services.end()};
        std::ranges::sort(growth.service_description_ids);
        parse_iso_date("2026-01-01", growth.application_start);
        parse_iso_date("2027-12-31", growth.application_end);
        growth.de_minimis = true;
        growth.de_minimis_ceiling = Money::euros(300'000);
        growth.id = vouchers::insert_programme(c, growth, now);
        vouchers::VoucherProgramme wellbeing = growth;
        wellbeing.name = "Hyvinvointiseteli";
        wellbeing.customer_type = vouchers::CustomerType::person;
        wellbeing.denominations = {Money::euros(200), Money::euros(400)};
        wellbeing.max_per_customer = Money::euros(400);
        wellbeing.validity_months = 3;
        wellbeing.budget = Money::euros(20'000);
        wellbeing.service_description_ids = {services[1], services[2]};
        std::ranges::sort(wellbeing.service_description_ids);
        wellbeing.de_minimis = false;
        wellbeing.id = vouchers::insert_programme(c, wellbeing, now);
        // Both are valid programmes; a seed that broke the rules would show wrong figures.
        if (auto e = vouchers::programme_error(growth)) throw std::logic_error("demo programme: " + *e);
        if (auto e = vouchers::programme_error(wellbeing)) throw std::logic_error("demo programme: " + *e);
        const auto growth_valid_until = vouchers::voucher_valid_until(today, growth.validity_months);

        std::array<std::int64_t, kCustomers.size()> customers{};
        for (std::size_t i = 0; i < kCustomers.size(); ++i) {
            const auto& cu = kCustomers[i];
            customers[i] = c.query("INSERT INTO customers (kind, business_id, name, email, created_at) "
                                   "VALUES ('business', ?, ?, ?, ?) RETURNING id",
                                   {std::string(cu.business_id), std::string(cu.name),
                                    "yritys" + std::to_string(i + 1) + "@customer.example", now})[0]
                               .i64(0);
            // The third customer's voucher dates from last month: the demo's invoiced orders use it.
            vouchers::insert_voucher(c, customers[i], Money::euros(cu.voucher_euros),
                                     to_iso_date(i == 2 ? demo_cycle_start(today) : today),
                                     to_iso_date(growth_valid_until), now, growth.id);
        }
        // An expired voucher, granted seven months ago, to show refusals. It predates the programmes
        // (it has none), so it counts against no budget or customer cap.
        const auto long_ago = std::chrono::sys_days{std::chrono::year_month_day{today} - std::chrono::months{7}};
        const auto old = vouchers::insert_voucher(c, customers[0], Money::euros(2500), to_iso_date(long_ago),
                                                  to_iso_date(long_ago + std::chrono::days{182}), now);
        // Already expired the way the expiry job does it, so the first start does not mail about it.
        vouchers::add_ledger_entry(c, old, std::nullopt, vouchers::EntryKind::expire, Money::euros(2500), now);
        c.execute("UPDATE vouchers SET status = 'expired', expired_at = ?, reminded_at = ? WHERE id = ?", {now, now, old});

        accounts::insert_user(c, "admin@palvelutori.example", "Aino Ylläpitäjä", Role::organizer_admin, hashes[0],
                              std::nullopt, std::nullopt, now);
        accounts::insert_user(c, "provider@palvelutori.example", "Pekka Palveluntuottaja", Role::provider_user,
                              hashes[1], providers[0], std::nullopt, now);
        accounts::insert_user(c, "customer@palvelutori.example", "Kaisa Kuppi", Role::customer, hashes[2],
                              std::nullopt, customers[0], now);
        accounts::insert_user(c, "counsellor@palvelutori.example", "Olli Omavalmentaja", Role::counsellor, hashes[3],
                              std::nullopt, std::nullopt, now);
        seed_demo_procurement(c, services, providers, now, today);
        audit::write(c, clock, {std::nullopt, "demo.seed", "database", "demo", nullptr, {{"cards", kCards.size()}}});
    });
    // Issue 6: an order delivered, reported, invoiced and paid, and one credited.
    seed_demo_cycle(db, clock, kCustomers[2].business_id);
    return true;
}

}  // namespace pt::app
