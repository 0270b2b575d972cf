#include "app/demo_seed.hpp"

#include <array>

#include "accounts/data/account_queries.hpp"
#include "accounts/domain/secrets.hpp"
#include "audit/audit.hpp"
#include "core/text.hpp"
#include "catalog/data/catalog_queries.hpp"
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
    const auto today = std::chrono::floor<std::chrono::days>(now_tp);
    const auto six_months = std::chrono::sys_days{
        std::chrono::year_month_day{today} + std::chrono::months{6}};

    db.transact(db::TxMode::write, [&](db::Connection& c) {
        c.execute("INSERT INTO organizers (name, business_id, ovt, einvoice_operator, created_at) VALUES (?, ?, ?, ?, ?)",
                  {std::string("Jyväskylän kaupunki"), std::string("0208201-1"), std::string("003702082011"),
                   std::string("003721291126"), now});

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

        std::array<std::int64_t, kProviders.size()> providers{};
        for (std::size_t i = 0; i < kProviders.size(); ++i) {
            const auto& p = kProviders[i];
            providers[i] = c.query("INSERT INTO providers (business_id, name, municipality, email, created_at) "
                                   "VALUES (?, ?, ?, ?, ?) RETURNING id",
                                   {std::string(p.business_id), std::string(p.name), std::string(p.municipality),
                                    "info" + std::to_string(i + 1) + "@provider.example", now})[0]
                               .i64(0);
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
            n.areas = {kProviders[card.provider].municipality_code};
            // Providers in the city centre also serve the neighbouring municipalities.
            if (std::string(kProviders[card.provider].municipality_code) == "179") n.areas = {"179", "410", "500"};
            catalog::insert_product_card(c, n, now);
        }

        std::array<std::int64_t, kCustomers.size()> customers{};
        for (std::size_t i = 0; i < kCustomers.size(); ++i) {
            const auto& cu = kCustomers[i];
            customers[i] = c.query("INSERT INTO customers (kind, business_id, name, email, created_at) "
                                   "VALUES ('business', ?, ?, ?, ?) RETURNING id",
                                   {std::string(cu.business_id), std::string(cu.name),
                                    "yritys" + std::to_string(i + 1) + "@customer.example", now})[0]
                               .i64(0);
            vouchers::insert_voucher(c, customers[i], Money::euros(cu.voucher_euros), to_iso_date(today),
                                     to_iso_date(six_months), now);
        }
        // An expired voucher, granted seven months ago, to show refusals.
        const auto long_ago = std::chrono::sys_days{std::chrono::year_month_day{today} - std::chrono::months{7}};
        vouchers::insert_voucher(c, customers[0], Money::euros(2500), to_iso_date(long_ago),
                                 to_iso_date(long_ago + std::chrono::days{182}), now);

        accounts::insert_user(c, "admin@palvelutori.example", "Aino Ylläpitäjä", Role::organizer_admin, hashes[0],
                              std::nullopt, std::nullopt, now);
        accounts::insert_user(c, "provider@palvelutori.example", "Pekka Palveluntuottaja", Role::provider_user,
                              hashes[1], providers[0], std::nullopt, now);
        accounts::insert_user(c, "customer@palvelutori.example", "Kaisa Kuppi", Role::customer, hashes[2],
                              std::nullopt, customers[0], now);
        accounts::insert_user(c, "counsellor@palvelutori.example", "Olli Omavalmentaja", Role::counsellor, hashes[3],
                              std::nullopt, std::nullopt, now);
        audit::write(c, clock, {std::nullopt, "demo.seed", "database", "demo", nullptr, {{"cards", kCards.size()}}});
    });
    return true;
}

}  // namespace pt::app
