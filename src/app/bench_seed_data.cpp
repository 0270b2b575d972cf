// Word lists of the benchmark market: employment and business services as a Finnish city would
// buy them with vouchers. Municipality codes are from the 2025 list (shared/standards/fi-municipalities).
#include "app/bench_seed_data.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/ytunnus.hpp"

namespace pt::app::bench {

std::size_t Rng::weighted(const std::vector<int>& weights, int total) {
    int r = static_cast<int>(below(static_cast<std::uint64_t>(total)));
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (r < weights[i]) return i;
        r -= weights[i];
    }
    return weights.size() - 1;
}

const std::vector<Municipality>& municipalities() {
    static const std::vector<Municipality> v = {
        {"091", "Helsinki", "Helsingfors", "Helsingissä", "Uudenmaan", 20, {"049", "092", "235", "753"}},
        {"049", "Espoo", "Esbo", "Espoossa", "Uudenmaan", 9, {"091", "235", "257", "092"}},
        {"092", "Vantaa", "Vanda", "Vantaalla", "Uudenmaan", 7, {"091", "245", "858", "049"}},
        {"837", "Tampere", "Tammerfors", "Tampereella", "Pirkanmaan", 8, {"604", "211", "980", "536"}},
        {"564", "Oulu", "Uleåborg", "Oulussa", "Pohjois-Pohjanmaan", 6, {"244", "425"}},
        {"853", "Turku", "Åbo", "Turussa", "Varsinais-Suomen", 6, {"202", "680", "423", "529"}},
        {"179", "Jyväskylä", "Jyväskylä", "Jyväskylässä", "Keski-Suomen", 5, {"410", "500", "182", "992"}},
        {"398", "Lahti", "Lahtis", "Lahdessa", "Päijät-Hämeen", 4, {}},
        {"297", "Kuopio", "Kuopio", "Kuopiossa", "Pohjois-Savon", 4, {"749"}},
        {"609", "Pori", "Björneborg", "Porissa", "Satakunnan", 3, {"886"}},
        {"286", "Kouvola", "Kouvola", "Kouvolassa", "Kymenlaakson", 2, {"285"}},
        {"167", "Joensuu", "Joensuu", "Joensuussa", "Pohjois-Karjalan", 2, {"276"}},
        {"405", "Lappeenranta", "Villmanstrand", "Lappeenrannassa", "Etelä-Karjalan", 2, {"153"}},
        {"109", "Hämeenlinna", "Tavastehus", "Hämeenlinnassa", "Kanta-Hämeen", 2, {"165"}},
        {"905", "Vaasa", "Vasa", "Vaasassa", "Pohjanmaan", 2, {"499"}},
        {"743", "Seinäjoki", "Seinäjoki", "Seinäjoella", "Etelä-Pohjanmaan", 2, {}},
        {"698", "Rovaniemi", "Rovaniemi", "Rovaniemellä", "Lapin", 2, {}},
        {"491", "Mikkeli", "S:t Michel", "Mikkelissä", "Etelä-Savon", 1, {}},
        {"285", "Kotka", "Kotka", "Kotkassa", "Kymenlaakson", 1, {"286"}},
        {"734", "Salo", "Salo", "Salossa", "Varsinais-Suomen", 1, {"444"}},
        {"638", "Porvoo", "Borgå", "Porvoossa", "Uudenmaan", 1, {"753"}},
        {"444", "Lohja", "Lojo", "Lohjalla", "Uudenmaan", 1, {"927", "734"}},
        {"106", "Hyvinkää", "Hyvinge", "Hyvinkäällä", "Uudenmaan", 1, {"543", "858", "186"}},
        {"543", "Nurmijärvi", "Nurmijärvi", "Nurmijärvellä", "Uudenmaan", 1, {"858", "106", "927", "092"}},
        {"186", "Järvenpää", "Träskända", "Järvenpäässä", "Uudenmaan", 1, {"858", "245", "753"}},
        {"245", "Kerava", "Kervo", "Keravalla", "Uudenmaan", 1, {"092", "858", "186", "753"}},
        {"257", "Kirkkonummi", "Kyrkslätt", "Kirkkonummella", "Uudenmaan", 1, {"049", "927"}},
        {"858", "Tuusula", "Tusby", "Tuusulassa", "Uudenmaan", 1, {"245", "186", "092", "543"}},
        {"272", "Kokkola", "Karleby", "Kokkolassa", "Keski-Pohjanmaan", 1, {}},
        {"202", "Kaarina", "S:t Karins", "Kaarinassa", "Varsinais-Suomen", 1, {"853", "423"}},
        {"536", "Nokia", "Nokia", "Nokialla", "Pirkanmaan", 1, {"837", "980", "604"}},
        {"980", "Ylöjärvi", "Ylöjärvi", "Ylöjärvellä", "Pirkanmaan", 1, {"837", "536"}},
        {"211", "Kangasala", "Kangasala", "Kangasalla", "Pirkanmaan", 1, {"837", "418"}},
        {"418", "Lempäälä", "Lempäälä", "Lempäälässä", "Pirkanmaan", 1, {"837", "604", "211"}},
        {"680", "Raisio", "Reso", "Raisiossa", "Varsinais-Suomen", 1, {"853", "529"}},
        {"604", "Pirkkala", "Birkala", "Pirkkalassa", "Pirkanmaan", 1, {"837", "418", "536"}},
        {"927", "Vihti", "Vichtis", "Vihdissä", "Uudenmaan", 1, {"444", "543", "049", "257"}},
        {"753", "Sipoo", "Sibbo", "Sipoossa", "Uudenmaan", 1, {"091", "092", "245", "638"}},
        {"235", "Kauniainen", "Grankulla", "Kauniaisissa", "Uudenmaan", 1, {"049", "091"}},
        {"529", "Naantali", "Nådendal", "Naantalissa", "Varsinais-Suomen", 1, {"680", "853"}},
        {"423", "Lieto", "Lundo", "Liedossa", "Varsinais-Suomen", 1, {"853", "202"}},
        {"410", "Laukaa", "Laukas", "Laukaassa", "Keski-Suomen", 1, {"179", "992"}},
        {"500", "Muurame", "Muurame", "Muuramessa", "Keski-Suomen", 1, {"179", "182"}},
        {"182", "Jämsä", "Jämsä", "Jämsässä", "Keski-Suomen", 1, {"179", "500"}},
        {"992", "Äänekoski", "Äänekoski", "Äänekoskella", "Keski-Suomen", 1, {"410", "179"}},
        {"244", "Kempele", "Kempele", "Kempeleessä", "Pohjois-Pohjanmaan", 1, {"564", "425"}},
        {"425", "Liminka", "Limingo", "Limingassa", "Pohjois-Pohjanmaan", 1, {"564", "244"}},
    };
    return v;
}

namespace {

template <class T>
std::vector<int> weights_of(const std::vector<T>& v) {
    std::vector<int> w;
    for (const auto& x : v) w.push_back(x.weight);
    return w;
}

}  // namespace

const std::vector<int>& municipality_weights() {
    static const std::vector<int> w = weights_of(municipalities());
    return w;
}
int municipality_weight_total() {
    static const int t = std::accumulate(municipality_weights().begin(), municipality_weights().end(), 0);
    return t;
}

const std::vector<Service>& services() {
    static const std::vector<Service> v = {
        {"bench-1", "Työnhakuvalmennus", "Job-search coaching", "Jobbsökarcoachning",
         "Valmennus, joka auttaa työnhakijaa löytämään työtä, harjoittelupaikan tai koulutusta.",
         "Coaching that helps a jobseeker find work, a traineeship or training.", "P10.1", 8,
         {"Työnhakuvalmennus", "Työnhakuvalmennus ryhmässä", "Yksilöllinen työnhakuvalmennus",
          "Työnhaun tehopaketti", "Työnhaun digitaidot", "Työhaastatteluun valmentautuminen", "CV ja työhakemus kuntoon",
          "Piilotyöpaikat ja verkostot", "LinkedIn-profiili ja työnhaku"},
         {"Henkilökohtainen valmentaja ja selkeä työnhakusuunnitelma.",
          "Ryhmävalmennus työnhaun menetelmiin ja verkostoihin.", "Harjoitushaastattelut, palaute ja vinkit työnhakuun.",
          "CV, hakemukset ja verkkoprofiili ajan tasalle.", "Tukea piilotyöpaikkojen löytämiseen ja yhteydenottoihin."},
         {"Valmennuksessa laaditaan yhdessä työnhakusuunnitelma ja sovitaan viikoittaiset tavoitteet.",
          "Käymme läpi CV:n, työhakemuksen ja LinkedIn-profiilin, ja saat niihin henkilökohtaista palautetta.",
          "Harjoittelemme työhaastattelua, myös videohaastattelua, ja kerromme, mitä työnantajat arvostavat.",
          "Työnhakija oppii tunnistamaan oman osaamisensa ja kertomaan siitä työnantajalle ymmärrettävästi.",
          "Piilotyöpaikkojen etsimiseen saat käytännön vinkkejä ja soittoharjoituksia.",
          "Ohjaaja tukee työnhaussa vielä sovitun seurantajakson ajan."},
         "Coaching for your job search: CV, applications and interviews.",
         {"The coaching covers your CV, job applications and interview practice.",
          "A coach helps you build a job-search plan with weekly goals."},
         "Coachning för jobbsökande: cv, ansökningar och intervjuer."},
        {"bench-2", "Myynnin ja markkinoinnin kehittäminen", "Sales and marketing development",
         "Utveckling av försäljning och marknadsföring",
         "Yrityksen myynnin ja markkinoinnin kehittäminen asiantuntijan kanssa.",
         "Developing a company's sales and marketing with an expert.", "P11.3", 8,
         {"Markkinoinnin kehittäminen", "Markkinointisuunnitelma", "Digimarkkinoinnin kasvupaketti",
          "Sosiaalisen median markkinointi", "Myyntiprosessin sparraus", "Myynnin tehostaminen", "B2B-myynnin perusteet",
          "Markkinointiviestinnän selkeytys", "Verkkokaupan markkinointi", "Markkinointiautomaation käyttöönotto",
          "Asiakaskokemuksen kehittäminen"},
         {"Markkinointisuunnitelma ja kanavavalinnat pienyritykselle.",
          "Verkkonäkyvyys, hakukoneoptimointi ja some-mainonta kuntoon.",
          "Myyntiputken mallinnus ja asiakaskäyntien harjoittelu.", "Sisältösuunnitelma ja mainonnan mittaaminen.",
          "Viestit, kohderyhmät ja markkinointimateriaalit selkeiksi."},
         {"Aloitamme nykytilan kartoituksella: asiakkaat, kilpailijat, hinnoittelu ja nykyiset myyntikanavat.",
          "Laadimme yrityksellesi markkinointisuunnitelman, jossa on konkreettiset toimenpiteet seuraavalle puolelle vuodelle.",
          "Käymme läpi verkkosivut, hakukonenäkyvyyden ja sosiaalisen median kanavat.",
          "Myynnin prosessi mallinnetaan liidistä kauppaan, ja tarjousten laatimiseen saat valmiit pohjat.",
          "Opit mittaamaan mainonnan tuloksia ja kohdentamaan markkinoinnin budjetin oikein.",
          "Asiakaspalautteen keruu ja asiakaspolun kehittäminen tukevat myynnin kasvua."},
         "Sales and marketing for a small business, from plan to results.",
         {"We draw up a marketing plan with concrete actions for the next six months.",
          "You learn to measure advertising results and to target the budget."},
         "Försäljning och marknadsföring för småföretag, från plan till resultat."},
        {"bench-3", "Työelämän suomen kieli", "Finnish for working life", "Finska i arbetslivet",
         "Suomen kielen opetus työelämän tarpeisiin.", "Finnish language teaching for working life.", "P6.10", 7,
         {"Työelämän suomen kieli, alkeet", "Työelämän suomen kieli, jatko", "Suomen kieli työpaikalla",
          "Ammattisanaston suomi", "Puhumisen rohkeus -kurssi", "Työpaikan suomi: kokoukset ja puhelut",
          "Selkosuomi asiakastyössä"},
         {"Suomen kielen perusteet työpaikan tilanteisiin.", "Kokoukset, puhelut ja sähköposti suomeksi.",
          "Alakohtainen sanasto: hoiva, rakennus ja logistiikka.", "Kieliopetus työpaikalla työn lomassa."},
         {"Harjoittelemme työpaikan arjen tilanteita: perehdytystä, palavereja, puheluita ja asiakaspalvelua.",
          "Opetus etenee osallistujien taitotason mukaan, ja jokainen saa arvion kielitaitonsa lähtötasosta.",
          "Kurssilla opitaan oman alan ammattisanastoa ja turvallisuusohjeiden keskeisiä sanoja.",
          "Kielikoulutus voidaan järjestää työpaikalla, jolloin esimerkit tulevat suoraan omasta työstä.",
          "Lopuksi osallistuja saa todistuksen ja suosituksen jatko-opinnoista."},
         "Workplace Finnish: meetings, phone calls and customer service.",
         {"Lessons follow the level of each participant and use examples from your own work.",
          "You practise meetings, phone calls and e-mail in Finnish."},
         "Finska för arbetsplatsen: möten, telefonsamtal och kundservice."},
        {"bench-4", "Rekrytointipalvelut", "Recruitment services", "Rekryteringstjänster",
         "Tukea työnantajalle oikean osaajan löytämiseen ja perehdyttämiseen.",
         "Support for employers in finding and onboarding the right person.", "P12.2", 8,
         {"Rekrytoinnin tuki pk-yritykselle", "Rekrytointiprosessin kehittäminen", "Ensimmäisen työntekijän palkkaaminen",
          "Työpaikkailmoitus ja haastattelut", "Työnantajakuvan vahvistaminen", "Kansainvälinen rekrytointi",
          "Oppisopimuksella uusi osaaja"},
         {"Apua työpaikkailmoituksesta haastatteluihin ja valintaan.",
          "Kriteerit, haastattelurunko ja perehdytyssuunnitelma.",
          "Ulkomaisen osaajan palkkaaminen vaihe vaiheelta."},
         {"Määrittelemme yhdessä tehtävän osaamistarpeet ja laadimme houkuttelevan työpaikkailmoituksen.",
          "Rekrytointiprosessi suunnitellaan alusta loppuun: hakukanavat, haastattelut ja valintapäätös.",
          "Esihenkilö saa valmiin haastattelurungon ja opastusta rakenteelliseen haastatteluun.",
          "Perehdytyssuunnitelma auttaa uutta työntekijää pääsemään nopeasti alkuun.",
          "Tarvittaessa selvitämme palkkatuen ja oppisopimuksen mahdollisuudet."},
         "Recruitment support: from the job advert to the hiring decision.",
         {"We define the skills the job needs and write an attractive job advert.",
          "Managers get an interview guide and a plan for onboarding."},
         "Rekryteringsstöd: från platsannons till anställningsbeslut."},
        {"bench-5", "Henkilöstön kehittäminen", "Staff development", "Personalutveckling",
         "Henkilöstön osaamisen ja esihenkilötyön kehittäminen.", "Developing staff skills and leadership.", "P12.4", 8,
         {"Henkilöstön osaamiskartoitus", "Esihenkilötyön valmennus", "Tiimin toimintatapojen kehittäminen",
          "Osaamisen kehittämissuunnitelma", "Palautekulttuurin kehittäminen", "Muutosjohtamisen työpaja",
          "Kehityskeskustelut toimiviksi"},
         {"Osaamistarpeet näkyviin ja kehittäminen suunnitelmalliseksi.",
          "Esihenkilöille työkaluja vuorovaikutukseen ja palautteeseen.", "Tiimin pelisäännöt ja yhteiset tavoitteet."},
         {"Kartoitamme henkilöstön nykyisen osaamisen ja tulevat osaamistarpeet.",
          "Esihenkilöt saavat työkaluja vuorovaikutukseen, palautteeseen ja kehityskeskusteluihin.",
          "Tiimi sopii yhteiset pelisäännöt ja kokeilee uusia toimintatapoja arjessa.",
          "Laadimme osaamisen kehittämissuunnitelman, joka on sidottu yrityksen tavoitteisiin."},
         "Staff development: skills mapping and leadership.",
         {"We map current skills and the skills your company will need.",
          "Managers get tools for feedback and development discussions."},
         "Personalutveckling: kompetenskartläggning och ledarskap."},
        {"bench-6", "Muutosturva ja uudelleentyöllistyminen", "Change security and re-employment",
         "Omställningsskydd och återsysselsättning",
         "Tukea irtisanotuille uuden työn tai koulutuksen löytämiseen.",
         "Support for people made redundant in finding new work or training.", "P10.6", 5,
         {"Muutosturvavalmennus", "Uudelleentyöllistymisen tuki", "Uusi suunta muutostilanteessa",
          "Työnhaku irtisanomisen jälkeen", "Osaamisen päivitys muutostilanteessa"},
         {"Tukea irtisanotulle uuden työn löytämiseen.", "Osaamiskartoitus ja uusi suunta muutoksen jälkeen."},
         {"Valmennus on tarkoitettu irtisanotuille ja irtisanomisuhan alla oleville.",
          "Kartoitamme osaamisen ja tuemme uuden työn etsimistä tai siirtymistä uudelle alalle.",
          "Käymme läpi muutosturvan palvelut ja työllistymistä edistävät koulutukset.",
          "Muutos on usein raskas: ohjaaja auttaa jäsentämään tilannetta ja seuraavia askelia."},
         "Support after redundancy: new work or new skills.",
         {"We map your skills and support your job search or a move to a new field."},
         "Stöd efter uppsägning: nytt arbete eller ny kompetens."},
        {"bench-7", "Kasvu- ja kansainvälistymisvalmennus", "Growth and internationalisation coaching",
         "Tillväxt- och internationaliseringscoachning",
         "Sparrausta yrityksen kasvuun ja uusille markkinoille.", "Coaching for company growth and new markets.",
         "P11.6", 7,
         {"Kasvuvalmennus pk-yritykselle", "Kansainvälistymisen ensiaskeleet", "Vientimarkkinoinnin aloitus",
          "Kasvustrategia ja liiketoimintamalli", "Rahoitus kasvun tueksi", "Uudet markkinat ja asiakasryhmät"},
         {"Kasvusuunnitelma ja mitattavat tavoitteet.", "Ensimmäinen vientimarkkina haltuun.",
          "Rahoitusvaihtoehdot kasvun tueksi."},
         {"Tunnistamme yrityksen kasvun esteet ja laadimme kasvusuunnitelman mitattavine tavoitteineen.",
          "Selvitämme kohdemarkkinan, kilpailijat ja tarvittavat luvat ennen viennin aloittamista.",
          "Kasvun rahoitusvaihtoehdot käydään läpi: avustukset, lainat ja sijoittajat.",
          "Saat sparrauskumppanin, joka tuntee alueen yritysverkostot."},
         "Growth coaching: a growth plan and your first export market.",
         {"We identify what holds growth back and write a growth plan with measurable goals."},
         "Tillväxtcoachning: tillväxtplan och den första exportmarknaden."},
        {"bench-8", "Digitaidot ja digitalisaatio", "Digital skills and digitalisation", "Digitala färdigheter",
         "Digitaitojen koulutus työhön ja yrityksen arkeen.", "Digital skills training for work and business.",
         "P6.11", 8,
         {"Digitaidot työelämään", "Tekoäly pienyrityksen arjessa", "Pilvipalvelut ja etätyön välineet",
          "Verkkosivut omin käsin", "Tietoturvan perusteet pienyritykselle", "Taulukkolaskennan jatkokurssi",
          "Digiloikka pienyritykselle"},
         {"Pilvipalvelut, videopalaverit ja yhteiset dokumentit haltuun.", "Tekoälytyökalut turvallisesti työn tueksi.",
          "Tietoturvan perusasiat käytännön esimerkein."},
         {"Opettelemme käyttämään pilvipalveluja, videopalavereja ja yhteisiä dokumentteja.",
          "Kurssilla tutustutaan tekoälytyökaluihin ja niiden turvalliseen käyttöön työssä.",
          "Tietoturvan perusasiat, kuten salasanat ja tietojenkalastelun tunnistaminen, käydään läpi esimerkein.",
          "Jokainen osallistuja tekee harjoitustyön, joka liittyy omaan työhön tai yritykseen."},
         "Digital skills for work: cloud tools, AI and security.",
         {"You learn cloud services, video meetings and shared documents.",
          "We try AI tools and how to use them safely at work."},
         "Digitala färdigheter i arbetet: molntjänster, AI och säkerhet."},
        {"bench-9", "Uraohjaus", "Career guidance", "Karriärvägledning",
         "Ohjausta ammatinvalintaan, alanvaihtoon ja urasuunnitteluun.",
         "Guidance for choosing a career, changing fields and career planning.", "P10.2", 8,
         {"Uraohjaus ja urasuunnittelu", "Urasuunnittelu ja osaamisen tunnistaminen", "Uuden ammatin etsintä",
          "Uraohjaus yrittäjyyteen", "Urakartoitus aikuiselle", "Alanvaihtajan uraohjaus"},
         {"Osaamiskartoitus ja uravaihtoehtojen selvitys.", "Selkeä urasuunnitelma ja seuraavat askeleet.",
          "Tukea alanvaihtoon ja uuden ammatin valintaan."},
         {"Uraohjauksessa selvitetään vahvuudet, kiinnostuksen kohteet ja realistiset uravaihtoehdot.",
          "Teemme osaamiskartoituksen ja vertailemme koulutus- ja työllistymisvaihtoehtoja.",
          "Ohjaaja auttaa laatimaan urasuunnitelman, jossa on selkeät seuraavat askeleet.",
          "Ohjaus sopii alanvaihtajille, työelämään palaaville ja vastavalmistuneille."},
         "Career guidance: strengths, options and a clear plan.",
         {"We map your strengths and compare training and job options."},
         "Karriärvägledning: styrkor, alternativ och en tydlig plan."},
        {"bench-10", "Yrittäjyysneuvonta", "Entrepreneurship advice", "Företagsrådgivning",
         "Neuvontaa yrityksen perustamiseen ja yrittäjän arkeen.",
         "Advice on starting a business and running it.", "P11.1", 7,
         {"Yrittäjäksi ryhtyminen", "Liiketoimintasuunnitelma kuntoon", "Starttipaketti uudelle yrittäjälle",
          "Omistajanvaihdoksen valmennus", "Yrittäjän talousosaaminen", "Hinnoittelu ja kannattavuus"},
         {"Yrityksen perustaminen vaihe vaiheelta.", "Liiketoimintasuunnitelma ja kannattavuuslaskelma.",
          "Hinnoittelu, kassavirta ja kirjanpidon perusteet."},
         {"Käymme läpi yritysmuodot, luvat, verotuksen ja vakuutukset.",
          "Laadimme liiketoimintasuunnitelman ja kannattavuuslaskelman, joita voit käyttää myös rahoitushakemuksissa.",
          "Saat tukea hinnoitteluun, kirjanpidon perusteisiin ja kassavirran seurantaan.",
          "Starttirahan hakeminen ja ensimmäisten asiakkaiden hankinta käydään läpi käytännön esimerkein."},
         "Starting a business: business plan, pricing and first customers.",
         {"We write a business plan and a profitability calculation you can use for funding."},
         "Att starta företag: affärsplan, prissättning och de första kunderna."},
        {"bench-11", "Kielikoulutus", "Language training", "Språkutbildning",
         "Kielikoulutusta työelämän tarpeisiin: englanti, ruotsi ja muut kielet.",
         "Language training for working life: English, Swedish and other languages.", "P6.10", 6,
         {"Kielikoulutus: työelämän englanti", "Ruotsin kieli asiakaspalvelussa", "Kielikoulutus henkilöstölle",
          "Business English -kurssi", "Saksan kielen perusteet viennin tueksi", "Ammattikielen kielikoulutus",
          "Ruotsin kielen suullinen taito"},
         {"Työelämän kielitaito pienryhmässä.", "Asiakaspalvelun ja sähköpostin kieli haltuun.",
          "Kielikoulutus räätälöitynä henkilöstön tarpeisiin."},
         {"Kielikoulutus räätälöidään osallistujien taitotason ja työtehtävien mukaan.",
          "Harjoittelemme puhelin- ja asiakaspalvelutilanteita sekä sähköpostiviestintää.",
          "Ryhmät ovat pieniä, joten jokainen pääsee puhumaan paljon.",
          "Kurssin lopussa osallistuja saa arvion kielitaidostaan eurooppalaisen viitekehyksen tasoilla."},
         "Language training for work: English, Swedish and German.",
         {"Training is tailored to the level and tasks of the participants.",
          "Groups are small, so everyone gets to speak a lot."},
         "Språkutbildning för arbetslivet: engelska, svenska och tyska."},
        {"bench-12", "Työhyvinvointi", "Wellbeing at work", "Arbetsvälbefinnande",
         "Työkyvyn ja työyhteisön hyvinvoinnin tukeminen.", "Supporting work ability and a healthy workplace.",
         "P10.4", 6,
         {"Työhyvinvoinnin kehittäminen", "Työkyvyn tuki ja varhainen välittäminen", "Stressinhallinnan valmennus",
          "Työyhteisön vuorovaikutus", "Palautumisen ja jaksamisen tuki", "Ergonomia ja etätyön hyvinvointi"},
         {"Kuormitustekijät näkyviin ja voimavarat käyttöön.", "Varhaisen välittämisen malli esihenkilöille.",
          "Palautumisen keinot arkeen."},
         {"Kartoitamme työyhteisön kuormitustekijät ja voimavarat kyselyllä ja haastatteluilla.",
          "Esihenkilöt saavat mallin varhaisen välittämisen keskusteluihin.",
          "Harjoittelemme palautumisen keinoja ja työn ja vapaa-ajan rajaamista.",
          "Työpisteiden ergonomia tarkistetaan, ja etätyöhön saat käytännön ohjeet."},
         "Wellbeing at work: workload, recovery and early support.",
         {"We survey workload and resources with a questionnaire and interviews."},
         "Arbetsvälbefinnande: belastning, återhämtning och tidigt stöd."},
    };
    return v;
}

const std::vector<int>& service_weights() {
    static const std::vector<int> w = weights_of(services());
    return w;
}
int service_weight_total() {
    static const int t = std::accumulate(service_weights().begin(), service_weights().end(), 0);
    return t;
}

const std::vector<std::string>& candidate_search_terms() {
    static const std::vector<std::string> v = {"markkinointi", "valmennus",  "työnhaku",   "rekrytointi",
                                               "kielikoulutus", "uraohjaus", "digitaidot", "yrittäjyys",
                                               "työhyvinvointi"};
    return v;
}

namespace {

// Wider areas a company anywhere may name itself after.
const std::vector<const char*> kWideRegions = {"Pohjolan", "Suomen", "Itä-Suomen", "Länsirannikon", "Etelä-Suomen",
                                               "Pohjois-Suomen"};
const std::vector<const char*> kCores = {"Uravalmennus", "Osaamiskeskus", "Kasvupolku", "Työpolku", "Myyntivalmennus",
                                         "Kielikeskus", "Digitaito", "Rekrytalo", "Yrityskehitys",
                                         "Työhyvinvointi", "Osaamispalvelut", "Kasvuakatemia", "Uraverkko",
                                         "Koulutuspalvelut", "Myyntipaja", "Henkilöstöpalvelut", "Ohjaustalo"};
const std::vector<const char*> kMarks = {"Kaari", "Virta", "Polku", "Silta", "Kompassi", "Tähti", "Majakka", "Verso",
                                         "Lähde", "Aalto", "Kajo", "Pilke", "Ponnistus", "Askel", "Nousu"};
const std::vector<const char*> kForms = {"Oy", "Oy", "Oy", "Oy", "Oy", "Osuuskunta", "Ry", "Ab", "Ky", "Oy Ab"};

const std::vector<const char*> kTrades = {"Kahvila", "Rakennus", "Tilitoimisto", "Kuljetus", "Siivouspalvelu",
                                          "Parturi-kampaamo", "Autokorjaamo", "Kukkakauppa", "LVI-palvelu", "Sähkötyö",
                                          "Puutarha", "Konepaja", "Mainostoimisto", "Hyvinvointistudio", "Leipomo",
                                          "Ravintola", "IT-palvelu", "Kiinteistöhuolto", "Metallityö", "Puusepänverstas",
                                          "Hierontapalvelu", "Valokuvaamo", "Kirjanpito", "Maalaamo"};
const std::vector<const char*> kSurnames = {"Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen",
                                            "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen",
                                            "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen",
                                            "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen"};
const std::vector<const char*> kFirstNames = {"Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maria", "Mikko",
                                              "Noora", "Olli", "Pia", "Sami", "Tiina", "Ville", "Anna", "Jari",
                                              "Leena", "Timo", "Sanna", "Antti", "Elina", "Matti", "Riikka", "Jussi"};
const std::vector<const char*> kCustomerForms = {"Oy", "Oy", "Oy", "Ky", "Tmi", "Oy Ab"};

const std::vector<const char*> kQualifiersFi = {" pk-yritykselle", " pienyrityksille", " ryhmässä",
                                                " aloittelijoille", " kasvuyrityksille", " – tiivis paketti"};
const std::vector<const char*> kDurationsFi = {"4 viikkoa", "6 viikkoa", "8 viikkoa", "2 kuukautta", "3 kuukautta",
                                               "5 tapaamista", "10 tapaamista"};
const std::vector<const char*> kDurationsEn = {"4 weeks", "6 weeks", "8 weeks", "2 months", "3 months", "5 sessions"};
const std::vector<const char*> kDurationsSv = {"4 veckor", "6 veckor", "8 veckor", "2 månader", "3 månader"};

const std::vector<const char*> kClosingFi = {
    "Palvelun lopuksi saat kirjallisen yhteenvedon ja suositukset jatkoon.",
    "Ota yhteyttä, niin kerromme lisää ja sovimme aloitusajankohdan.",
    "Palvelu sopii sekä yksinyrittäjille että kasvaville yrityksille.",
    "Aiempaa kokemusta aiheesta ei tarvita.",
    "Tapaamisten välillä on pieniä tehtäviä, joiden avulla opittu siirtyy käytäntöön.",
    "Asiakastyytyväisyytemme on ollut viime vuosina erinomainen."};
const std::vector<const char*> kClosingEn = {"At the end you receive a written summary and recommendations.",
                                             "Contact us to agree on a start date.",
                                             "No previous experience is needed.",
                                             "Short assignments between sessions help you apply what you learn."};
const std::vector<const char*> kClosingSv = {"Till sist får du en skriftlig sammanfattning och rekommendationer.",
                                             "Kontakta oss så kommer vi överens om starttidpunkten.",
                                             "Ingen tidigare erfarenhet behövs.",
                                             "Mellan träffarna gör du korta uppgifter som hjälper dig att tillämpa det du lärt dig."};

std::string price_text(std::int64_t euros) {
    std::string digits = std::to_string(euros);
    if (digits.size() > 3) digits.insert(digits.size() - 3, " ");
    return digits + " €";
}

// Characters (code points) of UTF-8 text: every byte that does not continue a sequence.
std::size_t chars(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Appends sentences until the text reaches `min` characters, never past `max`.
void fill(std::string& text, Rng& rng, const std::vector<const char*>& pool, std::size_t min, std::size_t max) {
    std::size_t start = rng.below(pool.size());
    for (std::size_t i = 0; i < pool.size() && chars(text) < min; ++i) {
        std::string_view s = pool[(start + i) % pool.size()];
        if (chars(text) + 1 + chars(s) > max) continue;
        text += ' ';
        text += s;
    }
}

void add(std::string& text, std::string_view sentence) {
    if (!text.empty()) text += ' ';
    text += sentence;
}

}  // namespace

std::string provider_name(Rng& rng, const Municipality& home) {
    std::string name;
    const auto shape = rng.below(10);
    if (shape < 3) name = std::string(home.region) + " " + rng.pick(kCores);
    else if (shape < 4) name = std::string(rng.pick(kWideRegions)) + " " + rng.pick(kCores);
    else if (shape < 8) name = std::string(rng.pick(kCores)) + " " + rng.pick(kMarks);
    else name = std::string(rng.pick(kMarks)) + " " + rng.pick(kCores);
    return name + " " + rng.pick(kForms);
}

std::string customer_name(Rng& rng) {
    return std::string(rng.pick(kTrades)) + " " + rng.pick(kSurnames) + " " + rng.pick(kCustomerForms);
}

std::string person_name(Rng& rng) { return std::string(rng.pick(kFirstNames)) + " " + rng.pick(kSurnames); }

CardText card_text(Rng& rng, const Service& s, std::string_view languages, std::string_view mode,
                   const std::string& provider, const Municipality& m, std::int64_t euros) {
    CardText t;
    const std::string price = price_text(euros);
    if (languages == "en") {
        t.duration = rng.pick(kDurationsEn);
        t.title = std::string(s.name_en) +
                  (mode == "remote" ? " online" : rng.chance(50) ? std::string(" in ") + m.name_fi : " for small businesses");
        t.summary = s.summary_en;
        std::string d = t.summary;
        for (const char* x : s.sentences_en) add(d, x);
        add(d, mode == "remote"   ? "The service is delivered entirely online by video."
               : mode == "hybrid" ? "The service combines meetings in " + std::string(m.name_fi) + " with online sessions."
                                  : "Meetings are held in " + std::string(m.name_fi) + " or at your workplace.");
        add(d, provider + " has long experience of services for companies and jobseekers.");
        add(d, "The price of " + price + " is covered in full by a service voucher.");
        add(d, "The duration is " + t.duration + "; the schedule is agreed with you.");
        fill(d, rng, kClosingEn, 300, 800);
        t.description = std::move(d);
        return t;
    }
    if (languages == "sv") {
        t.duration = rng.pick(kDurationsSv);
        t.title = std::string(s.name_sv) + (mode == "remote" ? " på distans" : std::string(" i ") + m.name_sv);
        t.summary = s.summary_sv;
        std::string d = t.summary;
        add(d, mode == "remote"   ? "Tjänsten genomförs helt på distans via video."
               : mode == "hybrid" ? "Tjänsten kombinerar träffar i " + std::string(m.name_sv) + " och distansträffar."
                                  : "Träffarna hålls i " + std::string(m.name_sv) + " eller hos kunden.");
        add(d, provider + " har lång erfarenhet av tjänster för företag och arbetssökande.");
        add(d, "Priset " + price + " täcks helt av en servicesedel.");
        add(d, "Tjänstens längd är " + t.duration + " och tidtabellen avtalas med kunden.");
        fill(d, rng, kClosingSv, 300, 800);
        t.description = std::move(d);
        return t;
    }

    t.duration = rng.pick(kDurationsFi);
    t.title = rng.pick(s.titles_fi);
    const auto q = rng.below(10);
    if (q < 2 && mode != "on_site") t.title += " verkossa";
    else if (q < 4 && mode != "remote") t.title += std::string(" ") + m.in_fi;
    else if (q < 6) t.title += rng.pick(kQualifiersFi);
    t.summary = rng.pick(s.summaries_fi);

    std::string d = t.summary;
    // Two or three of the service's own sentences, from a random starting point.
    const std::size_t n = s.sentences_fi.size();
    const std::size_t first = rng.below(n);
    const std::size_t take = std::min<std::size_t>(n, 2 + rng.below(2));
    for (std::size_t i = 0; i < take; ++i) add(d, s.sentences_fi[(first + i) % n]);
    if (mode == "remote")
        add(d, rng.chance(50) ? "Palvelu toteutetaan kokonaan verkossa videoyhteydellä, joten osallistuminen onnistuu mistä tahansa."
                              : "Etätapaamisten lisäksi käytössäsi on verkkoympäristö, jossa on tehtäviä ja materiaaleja.");
    else if (mode == "hybrid")
        add(d, std::string("Palvelu yhdistää lähitapaamiset ") + m.in_fi + " ja etätapaamiset verkossa.");
    else
        add(d, std::string("Tapaamiset järjestetään ") + m.in_fi + " toimitiloissamme tai asiakkaan luona.");
    add(d, rng.chance(50) ? provider + " on " + m.in_fi + " toimiva asiantuntijayritys, jolla on pitkä kokemus alan palveluista."
                          : "Palvelun toteuttaa " + provider + ", ja tavoitteet sovitaan aloitustapaamisessa.");
    add(d, rng.chance(50) ? "Hinta " + price + " katetaan kokonaan palvelusetelillä, eikä asiakkaalle jää omavastuuta."
                          : "Palvelu on palvelusetelikelpoinen, ja sen hinta on " + price + ".");
    add(d, "Palvelun kesto on " + t.duration + ", ja aikataulu sovitaan asiakkaan kanssa.");
    if (languages == "fi,en") add(d, "Palvelu on saatavilla myös englanniksi.");
    if (languages == "fi,sv") add(d, "Palvelu on saatavilla myös ruotsiksi.");
    fill(d, rng, kClosingFi, 300, 800);
    // A long provider name and three long sentences can pass 800: drop whole sentences from the end.
    while (chars(d) > 800) {
        auto cut = d.rfind(". ", d.size() - 2);
        if (cut == std::string::npos) break;
        d.resize(cut + 1);
    }
    t.description = std::move(d);
    return t;
}

BusinessIds::BusinessIds(std::uint64_t seed, std::unordered_set<std::string> taken)
    : offset_((seed * 2654435761ULL + 1234567ULL) % 10000000ULL), taken_(std::move(taken)) {}

std::string BusinessIds::next() {
    static constexpr int weights[7] = {7, 9, 10, 5, 8, 4, 2};
    // 7654321 is coprime with 10^7, so k -> (k * 7654321 + offset) mod 10^7 visits every body once.
    while (k_ < 10000000ULL) {
        const std::uint64_t body = (k_++ * 7654321ULL + offset_) % 10000000ULL;
        char digits[8];
        std::uint64_t b = body;
        for (int i = 6; i >= 0; --i) {
            digits[i] = static_cast<char>('0' + b % 10);
            b /= 10;
        }
        int sum = 0;
        for (int i = 0; i < 7; ++i) sum += weights[i] * (digits[i] - '0');
        const int rem = sum % 11;
        if (rem == 1) continue;  // no check digit exists for this body
        std::string id(digits, 7);
        id += '-';
        id += static_cast<char>('0' + (rem == 0 ? 0 : 11 - rem));
        if (taken_.count(id)) continue;
        if (!is_valid_business_id(id)) throw std::logic_error("bench seed generated an invalid business id " + id);
        return id;
    }
    throw std::runtime_error("bench seed: ran out of 7-digit business IDs");
}

}  // namespace pt::app::bench
