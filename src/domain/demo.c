/* demo.c: the demo world of `leerpad demo` (see demo.h)
 *
 * The data are tables of records that name each other by short keys
 * ("fontys", "ade/ADE-04"); the loader creates them in dependency order
 * through entity_create and maps each key to the id it got. Names of
 * hogescholen, companies, networks and governments are those of the
 * letter; people, Chamber of Commerce numbers, programme codes, dates and
 * prices are made up (prices about EUR 40 per EC, as in the flexstuderen
 * pilot). The ESCO URIs have the form of ESCO skill URIs but are
 * illustrative: they were not looked up in ESCO.
 */
#include "domain/demo.h"
#include "domain/demo_learning.h"
#include "domain/demo_money.h"
#include "domain/demo_funding.h"
#include "domain/entity.h"
#include "base/id.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define EUR_PER_EC 4000   /* cents */
/* the account whose presence says the demo is loaded: its administrator */
#define DEMO_MARKER "admin@demo.leerpad.nl"

/* ---- the tables ---------------------------------------------------------- */

struct demo_org {
	const char *key, *kind, *name, *short_name;
	bool funded;
	const char *institution_code, *coc_number, *city, *website, *description;
};

static const struct demo_org orgs[] = {
	/* hogescholen of the letter, funded */
	{ "fontys", "institution", "Fontys Hogescholen", "Fontys", true, "30GB", NULL, "Eindhoven",
	  "https://www.fontys.nl",
	  "Hogeschool in Brabant en Limburg. Neemt deel aan het experiment leeruitkomsten met "
	  "onder meer de Associate degree Engineering, die sinds februari 2018 samen met "
	  "bedrijven uit de regio wordt verzorgd." },
	{ "nhlstenden", "institution", "NHL Stenden Hogeschool", "NHL Stenden", true, "23AB", NULL,
	  "Leeuwarden", "https://www.nhlstenden.com",
	  "Hogeschool in Noord-Nederland. Verzorgt de duale opleiding Small Business & Retail "
	  "Management samen met retailers, van Associate degree tot bachelor." },
	{ "hr", "institution", "Hogeschool Rotterdam", "HR", true, "22OJ", NULL, "Rotterdam",
	  "https://www.hogeschoolrotterdam.nl",
	  "Hogeschool in Rotterdam; haar Automotive Instituut werkt samen in het Automotive "
	  "Centre of Expertise." },
	{ "han", "institution", "Hogeschool van Arnhem en Nijmegen", "HAN", true, "25KB", NULL,
	  "Arnhem", "https://www.han.nl",
	  "Hogeschool in Gelderland; penvoerder van het Automotive Centre of Expertise." },
	/* private providers, not funded */
	{ "ncoi", "institution", "NCOI Hogeschool", "NCOI", false, "30RX", NULL, "Hilversum",
	  "https://www.ncoi.nl",
	  "Private aanbieder van hbo-opleidingen in deeltijd; neemt deel aan het experiment "
	  "vraagfinanciering." },
	{ "loi", "institution", "LOI Hogeschool", "LOI", false, "27ZD", NULL, "Leiderdorp",
	  "https://www.loi.nl",
	  "Private aanbieder van afstandsonderwijs op hbo-niveau; neemt deel aan het experiment "
	  "vraagfinanciering." },
	/* the centre of expertise */
	{ "ace", "centre_of_expertise", "Automotive Centre of Expertise", "ACE", false, NULL, NULL,
	  "Helmond", NULL,
	  "Kenniscentrum voor toegepast automotive onderzoek en onderwijs, waarin de Automotive "
	  "Instituten van Hogeschool Rotterdam, Fontys Hogescholen en de HAN samenwerken met het "
	  "bedrijfsleven. De ACE Academy werkt vraaggestuurd met communities van bedrijven die "
	  "samen de trainingsfaciliteiten van een groot bedrijf in de regio gebruiken, zoals "
	  "VDL Nedcar; zij verzorgt lange en korte cursussen uit modules van hbo-opleidingen en "
	  "bedrijfsopleidingen." },
	/* the ministry's project group and the funder */
	{ "ocw", "government", "Ministerie van Onderwijs, Cultuur en Wetenschap", "OCW", false,
	  NULL, NULL, "Den Haag",
	  "https://www.rijksoverheid.nl/ministeries/ministerie-van-onderwijs-cultuur-en-wetenschap",
	  "Trekker van de projectgroep flexibilisering, die de experimenten volgt." },
	{ "nvao", "government", "Nederlands-Vlaamse Accreditatieorganisatie", "NVAO", false, NULL,
	  NULL, "Den Haag", "https://www.nvao.net",
	  "Accrediteert de opleidingen in het experiment leeruitkomsten en toetst de "
	  "driepartijenovereenkomst van duale trajecten; lid van de projectgroep." },
	{ "inspectie", "government", "Inspectie van het Onderwijs", "Inspectie", false, NULL, NULL,
	  "Utrecht", "https://www.onderwijsinspectie.nl",
	  "Houdt toezicht op de experimenten; lid van de projectgroep flexibilisering." },
	{ "duo", "government", "Dienst Uitvoering Onderwijs", "DUO", false, NULL, NULL, "Groningen",
	  "https://duo.nl",
	  "Geeft de vouchers van het experiment vraagfinanciering uit en betaalt de instellingen "
	  "per kwartaal op basis van deelname en resultaten." },
	/* governments in the ACE */
	{ "prov_nb", "government", "Provincie Noord-Brabant", "Noord-Brabant", false, NULL, NULL,
	  "'s-Hertogenbosch", "https://www.brabant.nl",
	  "Steunt de ACE Academy, mede met EFRO-middelen." },
	{ "prov_gld", "government", "Provincie Gelderland", "Gelderland", false, NULL, NULL,
	  "Arnhem", "https://www.gelderland.nl", NULL },
	{ "prov_lim", "government", "Provincie Limburg", "Limburg", false, NULL, NULL, "Maastricht",
	  "https://www.limburg.nl", NULL },
	{ "gem_helmond", "government", "Gemeente Helmond", "Helmond", false, NULL, NULL, "Helmond",
	  "https://www.helmond.nl", NULL },
	{ "gem_arnhem", "government", "Gemeente Arnhem", "Arnhem", false, NULL, NULL, "Arnhem",
	  "https://www.arnhem.nl", NULL },
	/* network organisations in the ACE */
	{ "automotivenl", "network", "AutomotiveNL", NULL, false, NULL, NULL, "Helmond",
	  "https://automotivenl.com",
	  "Netwerkorganisatie van de Nederlandse automotive industrie." },
	{ "rai", "network", "RAI Vereniging", NULL, false, NULL, NULL, "Amsterdam",
	  "https://raivereniging.nl",
	  "Vereniging van fabrikanten en importeurs van voertuigen." },
	{ "pbt", "network", "Platform Bèta Techniek", NULL, false, NULL, NULL, "Den Haag", NULL,
	  "Landelijk platform voor bèta- en techniekonderwijs." },
	/* the eleven companies of Fontys Ad Engineering */
	{ "vdl_etg", "employer", "VDL ETG", NULL, false, NULL, "17083417", "Eindhoven",
	  "https://www.vdletg.com",
	  "Toeleverancier van mechatronische systemen voor de hightech industrie." },
	{ "vdl_kunststoffen", "employer", "VDL Kunststoffen", NULL, false, NULL, "17092245",
	  "Bladel", NULL, "Spuitgieten en bewerken van technische kunststoffen." },
	{ "vdl_systems", "employer", "VDL Systems", NULL, false, NULL, "17101856", "Hapert", NULL,
	  NULL },
	{ "vdl_pmb_uva", "employer", "VDL PMB UVA", NULL, false, NULL, "17110382", "Eindhoven",
	  NULL, NULL },
	{ "vdl_lasindustrie", "employer", "VDL Lasindustrie", NULL, false, NULL, "17124690",
	  "Hapert", NULL, NULL },
	{ "vdl_apparatenbouw", "employer", "VDL Apparatenbouw", NULL, false, NULL, "17130528",
	  "Eindhoven", NULL, NULL },
	{ "qfin", "employer", "Q Fin Quality Finishing", "Q Fin", false, NULL, "17142279",
	  "Someren", NULL, "Oppervlaktebehandeling van metalen onderdelen." },
	{ "trespa", "employer", "Trespa International BV", "Trespa", false, NULL, "13034577",
	  "Weert", "https://www.trespa.com", "Producent van hogedrukgelamineerde panelen." },
	{ "vh_packaging", "employer", "VH Vertical Packaging", NULL, false, NULL, "17158861",
	  "Eindhoven", NULL, NULL },
	{ "interal", "employer", "Interal TC", NULL, false, NULL, "17163350", "Helmond", NULL,
	  NULL },
	{ "votex", "employer", "Votex Bison", NULL, false, NULL, "17170814", "Helmond", NULL,
	  NULL },
	/* the retailers of NHL Stenden SBRM */
	{ "ah", "employer", "Albert Heijn", NULL, false, NULL, "35012085", "Zaandam",
	  "https://www.ah.nl",
	  "Supermarktketen; aan de wieg van de duale opleiding Small Business & Retail "
	  "Management." },
	{ "mediamarkt", "employer", "MediaMarkt", NULL, false, NULL, "34223841", "Amsterdam",
	  "https://www.mediamarkt.nl", NULL },
	{ "deen", "employer", "Deen Supermarkten", "Deen", false, NULL, "37028662", "Hoorn",
	  "https://www.deen.nl", NULL },
	{ "plus", "employer", "PLUS Retail", "Plus", false, NULL, "09107443", "Utrecht",
	  "https://www.plus.nl", NULL },
	{ "kwantum", "employer", "Kwantum", NULL, false, NULL, "24305782", "Capelle aan den IJssel",
	  "https://www.kwantum.nl", NULL },
	{ "hema", "employer", "HEMA", NULL, false, NULL, "34215639", "Amsterdam",
	  "https://www.hema.nl", NULL },
	/* companies in the ACE */
	{ "vdl_nedcar", "employer", "VDL Nedcar", NULL, false, NULL, "14024551", "Born",
	  "https://www.vdlnedcar.nl",
	  "Autofabriek; stelt haar trainingsfaciliteiten open voor de communities van de ACE "
	  "Academy." },
	{ "vdl_groep", "employer", "VDL Groep", NULL, false, NULL, "17041628", "Eindhoven",
	  "https://www.vdlgroep.com", NULL },
	{ "daf", "employer", "DAF Trucks", NULL, false, NULL, "17013298", "Eindhoven",
	  "https://www.daf.com", NULL },
	{ "bosch_tt", "employer", "Bosch Transmission Technology", NULL, false, NULL, "18027741",
	  "Tilburg", NULL, NULL },
	{ "punch", "employer", "Punch Powertrain", NULL, false, NULL, "17245093", "Eindhoven", NULL,
	  NULL },
	{ "inalfa", "employer", "Inalfa Roof Systems", NULL, false, NULL, "12019876", "Venray",
	  NULL, NULL },
	{ "rdw", "employer", "RDW", NULL, false, NULL, "27372145", "Zoetermeer",
	  "https://www.rdw.nl", NULL },
	{ "nooteboom", "employer", "Royal Nooteboom Group", NULL, false, NULL, "10041218",
	  "Wijchen", NULL, NULL },
};

struct demo_membership {
	const char *network, *member, *role, *since;
};

static const struct demo_membership memberships[] = {
	{ "ace", "han", "lead", "2013-09-01" },
	{ "ace", "fontys", "institution", "2013-09-01" },
	{ "ace", "hr", "institution", "2013-09-01" },
	{ "ace", "automotivenl", "network_organisation", "2014-01-01" },
	{ "ace", "rai", "network_organisation", "2014-01-01" },
	{ "ace", "pbt", "network_organisation", "2015-03-01" },
	{ "ace", "vdl_nedcar", "company", "2017-06-01" },
	{ "ace", "vdl_groep", "company", "2014-01-01" },
	{ "ace", "daf", "company", "2014-01-01" },
	{ "ace", "bosch_tt", "company", "2015-01-01" },
	{ "ace", "punch", "company", "2016-05-01" },
	{ "ace", "inalfa", "company", "2016-09-01" },
	{ "ace", "rdw", "company", "2015-01-01" },
	{ "ace", "nooteboom", "company", "2017-02-01" },
	{ "ace", "prov_nb", "government", "2017-01-01" },
	{ "ace", "prov_gld", "government", "2014-01-01" },
	{ "ace", "prov_lim", "government", "2018-01-01" },
	{ "ace", "gem_helmond", "government", "2014-01-01" },
	{ "ace", "gem_arnhem", "government", "2014-01-01" },
};

struct demo_programme {
	const char *key, *institution, *name, *level;
	int total_ec;
	const char *programme_code;
	const char *modes[4], *experiments[3], *locations[4];
	const char *learning_line, *description;
};

/* Fontys Ad Engineering first: ids grow with creation, and lists (the
 * start page) show the oldest first. */
static const struct demo_programme programmes[] = {
	{ "ade", "fontys", "Associate degree Engineering", "associate_degree", 120, "80109",
	  { "part_time", "dual" }, { "leeruitkomsten", "vraagfinanciering" },
	  { "Eindhoven", "Online" }, "engineering",
	  "Voor medewerkers in de techniek die werken en leren willen combineren. De student "
	  "werkt vanuit de eigen werkomgeving aan de leeruitkomsten, bepaalt zijn eigen "
	  "leertempo en kiest, in overleg met opleiding en bedrijf, zelf zijn projecten binnen "
	  "de kaders van de opleiding. Zo ontstaan leervragen waarbij theorie direct in de "
	  "praktijk wordt toegepast. Ongeveer 80% van het leren gebeurt in het bedrijf; een "
	  "coachingstraject, bedrijfsbezoeken en overleg met de bedrijfsbegeleiders borgen de "
	  "samenwerking." },
	{ "sbrm_ad", "nhlstenden", "Associate degree Small Business & Retail Management",
	  "associate_degree", 120, "80072", { "dual", "part_time" }, { "leeruitkomsten" },
	  { "Leeuwarden", "Emmen" }, "sbrm",
	  "Duale opleiding voor medewerkers in de retail, ontstaan op verzoek van Albert Heijn en "
	  "nu ook met MediaMarkt, Deen, Plus, Kwantum en HEMA. In gemengde groepen of "
	  "bedrijfsgroepen; de route naar de leeruitkomsten verschilt per student-medewerker. "
	  "De leeruitkomsten tellen mee in de bachelor op dezelfde leerlijn." },
	{ "sbrm_ba", "nhlstenden", "Small Business & Retail Management", "bachelor", 240, "34074",
	  { "dual" }, { "leeruitkomsten" }, { "Leeuwarden", "Emmen" }, "sbrm",
	  "Duale hbo-bachelor op de doorlopende leerlijn retail, van Associate degree tot "
	  "post-hbo. Wie de Associate degree heeft, bouwt verder op de behaalde leeruitkomsten. "
	  "Ook als versneld, flexibel traject, waarmee het diploma sneller te halen is." },
	{ "han_auto", "han", "Automotive (deeltijd)", "bachelor", 240, "34101", { "part_time" },
	  { "vraagfinanciering" }, { "Arnhem" }, NULL,
	  "Deeltijdbachelor voor technici in de automotive sector, met modules die ook los te "
	  "volgen zijn met een voucher." },
	{ "ncoi_ict", "ncoi", "HBO-ICT (deeltijd)", "bachelor", 240, NULL, { "part_time" },
	  { "vraagfinanciering" }, { "Online", "Utrecht" }, NULL,
	  "Deeltijdbachelor ICT van een private aanbieder, module voor module te volgen." },
	{ "loi_zorg", "loi", "Associate degree Management in de zorg", "associate_degree", 120,
	  NULL, { "part_time" }, { "vraagfinanciering" }, { "Online" }, NULL,
	  "Associate degree op afstand voor leidinggevenden in de zorg." },
};

struct demo_outcome {
	const char *programmes[3];
	const char *code, *title;
	int ec;
	const char *description;
	const char *criteria[4];
	const char *alignments[2];
};

static const struct demo_outcome outcomes[] = {
	/* Fontys Associate degree Engineering: 120 EC */
	{ { "ade" }, "ADE-01", "Technische vraagstukken analyseren", 15,
	  "Analyseert een technisch vraagstuk uit de eigen werkomgeving: brengt het systeem, de "
	  "eisen en de randvoorwaarden in kaart en formuleert een heldere probleemstelling.",
	  { "Beschrijft het systeem en de context volledig en juist",
	    "Onderbouwt eisen en randvoorwaarden met gegevens uit de praktijk",
	    "Formuleert een probleemstelling die het bedrijf herkent" },
	  { "http://data.europa.eu/esco/skill/0a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" } },
	{ { "ade" }, "ADE-02", "Technische oplossingen ontwerpen", 15,
	  "Ontwerpt een oplossing voor een technisch vraagstuk, weegt alternatieven af en legt "
	  "het ontwerp vast in tekeningen en specificaties.",
	  { "Werkt ten minste twee alternatieven uit en kiest onderbouwd",
	    "Legt het ontwerp vast volgens de normen van het bedrijf",
	    "Toetst het ontwerp aan de eisen uit de analyse" },
	  { "http://data.europa.eu/esco/skill/1b2d3c4e-5f60-4b7c-9d8e-0f1a2b3c4d5e" } },
	{ { "ade" }, "ADE-03", "Prototypes realiseren en testen", 15,
	  "Realiseert een prototype of proefopstelling, stelt een testplan op, voert de tests "
	  "uit en trekt conclusies.",
	  { "Stelt een testplan op met meetbare criteria",
	    "Voert de tests veilig en reproduceerbaar uit",
	    "Trekt conclusies en doet voorstellen voor verbetering" }, { NULL } },
	{ { "ade" }, "ADE-04", "Productieprocessen verbeteren", 10,
	  "Verbetert een productieproces met lean-methoden: meet de huidige situatie, vindt "
	  "verspilling en voert een verbetering door.",
	  { "Brengt de waardestroom van het proces in kaart",
	    "Onderbouwt de verbetering met metingen voor en na",
	    "Borgt de verbetering in werkinstructies" },
	  { "http://data.europa.eu/esco/skill/2c3e4d5f-6071-4c8d-8e9f-1a2b3c4d5e6f" } },
	{ { "ade" }, "ADE-05", "Besturen en automatiseren", 15,
	  "Past besturingstechniek toe: specificeert, programmeert en test een eenvoudige "
	  "besturing of robottoepassing in de eigen productieomgeving.",
	  { "Specificeert de besturing met de gebruikers",
	    "Programmeert en documenteert de besturing volgens de bedrijfsstandaard",
	    "Toont met tests aan dat de besturing veilig werkt" }, { NULL } },
	{ { "ade" }, "ADE-06", "Kwaliteit borgen en meten", 10,
	  "Borgt de kwaliteit van producten en processen met meet- en regeltechniek en "
	  "statistische procesbeheersing.",
	  { "Kiest passende meetmiddelen en bepaalt de meetonzekerheid",
	    "Past statistische procesbeheersing toe op echte productiedata" }, { NULL } },
	{ { "ade" }, "ADE-07", "Projectmatig werken", 10,
	  "Plant en bewaakt een technisch project in de eigen organisatie, met tijd, geld, "
	  "kwaliteit en risico's.",
	  { "Maakt een projectplan dat de opdrachtgever goedkeurt",
	    "Rapporteert voortgang en stuurt bij op afwijkingen" }, { NULL } },
	{ { "ade" }, "ADE-08", "Communiceren en samenwerken", 10,
	  "Communiceert helder met collega's, leidinggevenden en klanten en werkt samen in "
	  "multidisciplinaire teams.",
	  { "Presenteert een technisch voorstel aan een niet-technisch publiek",
	    "Vraagt en verwerkt feedback van de bedrijfsbegeleider" }, { NULL } },
	{ { "ade" }, "ADE-09", "Onderzoekend en lerend handelen", 10,
	  "Onderzoekt de eigen beroepspraktijk, reflecteert op het eigen handelen en stuurt de "
	  "eigen ontwikkeling.",
	  { "Formuleert leervragen vanuit het werk",
	    "Reflecteert aantoonbaar op feedback en eigen ontwikkeling" }, { NULL } },
	{ { "ade" }, "ADE-10", "Praktijkproject in het eigen bedrijf", 10,
	  "Voert zelfstandig een afsluitend project uit in het eigen bedrijf, waarin de "
	  "leeruitkomsten samenkomen.",
	  { "Levert een resultaat dat het bedrijf in gebruik neemt",
	    "Verantwoordt keuzes in een eindgesprek met opleiding en bedrijf" }, { NULL } },
	/* NHL Stenden SBRM: the Ad outcomes carry over into the bachelor */
	{ { "sbrm_ad", "sbrm_ba" }, "SBRM-01", "Klant en markt analyseren", 20,
	  "Analyseert klanten, concurrenten en de markt van de eigen winkel of formule.",
	  { "Gebruikt kassadata en klantonderzoek",
	    "Vertaalt de analyse naar kansen voor de winkel" },
	  { "http://data.europa.eu/esco/skill/3d4f5e60-7182-4d9e-9fa0-2b3c4d5e6f70" } },
	{ { "sbrm_ad", "sbrm_ba" }, "SBRM-02", "Een winkel of afdeling operationeel aansturen", 20,
	  "Stuurt de dagelijkse gang van zaken van een winkel of afdeling aan: logistiek, "
	  "presentatie en service.",
	  { "Plant de bezetting en logistiek van een week",
	    "Bewaakt de kwaliteit van service en presentatie" }, { NULL } },
	{ { "sbrm_ad", "sbrm_ba" }, "SBRM-03", "Medewerkers coachen en inzetten", 20,
	  "Coacht medewerkers, voert ontwikkelgesprekken en zet mensen in op hun sterke kanten.",
	  { "Voert ontwikkelgesprekken volgens een erkend model",
	    "Toont aan dat een medewerker zich door coaching ontwikkelt" }, { NULL } },
	{ { "sbrm_ad", "sbrm_ba" }, "SBRM-04", "Financieel sturen op omzet en marge", 20,
	  "Stuurt op omzet, marge, derving en personeelskosten met de cijfers van de winkel.",
	  { "Leest en verklaart de periodecijfers",
	    "Neemt maatregelen en meet het effect" }, { NULL } },
	{ { "sbrm_ad", "sbrm_ba" }, "SBRM-05", "Omnichannel retail en digitale marketing", 20,
	  "Verbindt winkel en online kanalen en zet digitale marketing in voor de eigen winkel.",
	  { "Ontwerpt een campagne over meer kanalen",
	    "Meet het resultaat met online en winkeldata" }, { NULL } },
	{ { "sbrm_ad", "sbrm_ba" }, "SBRM-06", "Verbeterproject in de eigen winkel", 20,
	  "Voert een verbeterproject uit in de eigen winkel of afdeling, van analyse tot borging.",
	  { "Onderbouwt de verbetering met gegevens",
	    "Borgt de verbetering in de organisatie" }, { NULL } },
	{ { "sbrm_ba" }, "SBRM-07", "Strategisch ondernemen", 30,
	  "Schrijft een ondernemings- of formuleplan en toetst het aan markt en financiën.",
	  { "Maakt een sluitende financiële onderbouwing",
	    "Verdedigt het plan voor de directie" }, { NULL } },
	{ { "sbrm_ba" }, "SBRM-08", "Leidinggeven aan verandering", 30,
	  "Geeft leiding aan een verandering in de organisatie en neemt medewerkers daarin mee.",
	  { "Maakt een veranderplan met draagvlak",
	    "Evalueert de verandering met betrokkenen" }, { NULL } },
	{ { "sbrm_ba" }, "SBRM-09", "Praktijkgericht onderzoek in de retail", 30,
	  "Voert praktijkgericht onderzoek uit naar een vraag van de werkgever.",
	  { "Kiest een onderzoeksopzet die bij de vraag past",
	    "Rapporteert bruikbare aanbevelingen" }, { NULL } },
	{ { "sbrm_ba" }, "SBRM-10", "Afstudeeropdracht bij de werkgever", 30,
	  "Lost als afsluiting een complex vraagstuk van de werkgever op.",
	  { "Levert een resultaat dat de werkgever invoert",
	    "Reflecteert op de eigen rol als professional" }, { NULL } },
	/* HAN Automotive (deeltijd): 240 EC */
	{ { "han_auto" }, "AUT-01", "Voertuigsystemen analyseren", 40,
	  "Analyseert het gedrag van voertuigen en voertuigsystemen met metingen en modellen.",
	  { "Kiest passende meet- en modelleermethoden",
	    "Valideert het model met metingen" }, { NULL } },
	{ { "han_auto" }, "AUT-02", "Elektrische en hybride aandrijflijnen", 40,
	  "Ontwerpt en beoordeelt elektrische en hybride aandrijflijnen.",
	  { "Dimensioneert een aandrijflijn op basis van eisen", "Werkt veilig volgens NEN 9140" },
	  { "http://data.europa.eu/esco/skill/4e5a6f71-8293-4eaf-a0b1-3c4d5e6f7081" } },
	{ { "han_auto" }, "AUT-03", "Voertuigelektronica en diagnose", 40,
	  "Stelt storingen in voertuigelektronica vast en lost ze op met diagnoseapparatuur.",
	  { "Volgt een systematische diagnosestrategie",
	    "Verklaart de oorzaak van de storing" }, { NULL } },
	{ { "han_auto" }, "AUT-04", "Voertuigcomponenten ontwerpen en simuleren", 40,
	  "Ontwerpt voertuigcomponenten en toetst ze met simulaties.",
	  { "Gebruikt simulatie om ontwerpkeuzes te onderbouwen" }, { NULL } },
	{ { "han_auto" }, "AUT-05", "Samenwerken in de automotive keten", 40,
	  "Werkt projectmatig samen met ketenpartners, van ontwerp tot productie.",
	  { "Beheert een project met meerdere ketenpartners" }, { NULL } },
	{ { "han_auto" }, "AUT-06", "Afstuderen in de automotive praktijk", 40,
	  "Lost een ingenieursvraagstuk op bij een automotive bedrijf.",
	  { "Levert een onderbouwd ontwerp of advies op" }, { NULL } },
	/* NCOI HBO-ICT (deeltijd): 240 EC */
	{ { "ncoi_ict" }, "ICT-01", "Software ontwikkelen", 60,
	  "Ontwerpt, bouwt en test software volgens de eisen van gebruikers.",
	  { "Levert werkende, geteste software op", "Documenteert ontwerpkeuzes" }, { NULL } },
	{ { "ncoi_ict" }, "ICT-02", "Infrastructuur en informatiebeveiliging", 60,
	  "Richt netwerken en systemen in en beveiligt ze.",
	  { "Voert een risicoanalyse uit", "Neemt passende beveiligingsmaatregelen" }, { NULL } },
	{ { "ncoi_ict" }, "ICT-03", "Informatie analyseren en adviseren", 60,
	  "Analyseert informatiebehoeften van een organisatie en adviseert over oplossingen.",
	  { "Brengt processen en informatiestromen in kaart", "Adviseert onderbouwd" }, { NULL } },
	{ { "ncoi_ict" }, "ICT-04", "Afstudeerproject ICT", 60,
	  "Voert een ICT-project uit in de eigen werkomgeving.",
	  { "Levert een resultaat op dat de opdrachtgever accepteert" }, { NULL } },
	/* LOI Associate degree Management in de zorg: 120 EC */
	{ { "loi_zorg" }, "MZ-01", "Zorgprocessen organiseren", 30,
	  "Organiseert zorgprocessen op een afdeling of locatie.",
	  { "Brengt het zorgproces in kaart", "Verbetert de planning van zorg" }, { NULL } },
	{ { "loi_zorg" }, "MZ-02", "Leidinggeven aan zorgteams", 30,
	  "Geeft leiding aan een zorgteam en ondersteunt de ontwikkeling van medewerkers.",
	  { "Voert teamoverleg en ontwikkelgesprekken" }, { NULL } },
	{ { "loi_zorg" }, "MZ-03", "Kwaliteit en veiligheid in de zorg", 30,
	  "Bewaakt en verbetert kwaliteit en veiligheid van zorg.",
	  { "Analyseert incidenten en neemt maatregelen" }, { NULL } },
	{ { "loi_zorg" }, "MZ-04", "Praktijkproject zorgorganisatie", 30,
	  "Voert een verbeterproject uit in de eigen zorgorganisatie.",
	  { "Levert een geborgde verbetering op" }, { NULL } },
};

struct demo_offering {
	const char *provider, *title, *description;
	int ec;
	const char *mode, *location, *start_date, *end_date;
	int capacity;
	long long price_cents;
	const char *outcomes[4];   /* "programme/CODE" */
};

static const struct demo_offering offerings[] = {
	/* Fontys modules for the Ad Engineering */
	{ "fontys", "Module Technische analyse",
	  "Analyse van een vraagstuk uit de eigen werkomgeving, met werkcolleges in Eindhoven "
	  "en begeleiding op de werkplek.", 15, "blended", "Eindhoven", "2026-09-01", "2027-01-29",
	  24, 15 * EUR_PER_EC, { "ade/ADE-01" } },
	{ "fontys", "Module Ontwerpen en prototypen",
	  "Ontwerp en realisatie van een oplossing, met practica in het Fontys-lab.", 30, "blended",
	  "Eindhoven", "2026-09-01", "2027-07-02", 24, 30 * EUR_PER_EC,
	  { "ade/ADE-02", "ade/ADE-03" } },
	{ "fontys", "Module Besturingstechniek en automatisering", NULL, 15, "on_campus",
	  "Eindhoven", "2027-02-01", "2027-07-02", 20, 15 * EUR_PER_EC, { "ade/ADE-05" } },
	{ "fontys", "Module Kwaliteit en procesverbetering",
	  "Online colleges en opdrachten met data uit de eigen productie.", 20, "online", "Online",
	  "2026-09-14", "2027-01-29", 40, 20 * EUR_PER_EC, { "ade/ADE-04", "ade/ADE-06" } },
	{ "fontys", "Module Professioneel en projectmatig werken",
	  "Leren op de werkplek met coaching en intervisie.", 30, "at_work", "Op de werkplek",
	  "2026-09-01", "2027-07-02", 30, 30 * EUR_PER_EC,
	  { "ade/ADE-07", "ade/ADE-08", "ade/ADE-09" } },
	{ "fontys", "Praktijkproject Ad Engineering", NULL, 10, "at_work", "Op de werkplek",
	  "2027-02-01", "2027-07-02", 30, 10 * EUR_PER_EC, { "ade/ADE-10" } },
	/* NHL Stenden SBRM */
	{ "nhlstenden", "Retail in de praktijk: klant, markt en winkel", NULL, 40, "blended",
	  "Leeuwarden", "2026-09-07", "2027-06-25", 30, 40 * EUR_PER_EC,
	  { "sbrm_ad/SBRM-01", "sbrm_ad/SBRM-02" } },
	{ "nhlstenden", "Mensen en cijfers in de winkel", NULL, 40, "blended", "Emmen",
	  "2026-09-07", "2027-06-25", 30, 40 * EUR_PER_EC,
	  { "sbrm_ad/SBRM-03", "sbrm_ad/SBRM-04" } },
	{ "nhlstenden", "Omnichannel retail", NULL, 20, "online", "Online", "2027-02-01",
	  "2027-06-25", 40, 20 * EUR_PER_EC, { "sbrm_ad/SBRM-05" } },
	{ "nhlstenden", "Versneld traject: verbeteren en ondernemen",
	  "Het flexibele, versnelde traject voor wie sneller het diploma wil halen.", 50, "at_work",
	  "Bij de werkgever", "2026-09-07", "2027-07-09", 20, 50 * EUR_PER_EC,
	  { "sbrm_ad/SBRM-06", "sbrm_ba/SBRM-07" } },
	{ "nhlstenden", "Bedrijfsgroep Albert Heijn: leidinggeven aan verandering",
	  "Een groep van alleen Albert Heijn-medewerkers.", 30, "at_work", "Zaandam", "2027-01-11",
	  "2027-07-09", 18, 30 * EUR_PER_EC, { "sbrm_ba/SBRM-08" } },
	/* HAN */
	{ "han", "Module Elektrische aandrijflijnen", NULL, 30, "blended", "Arnhem", "2026-09-01",
	  "2027-01-31", 25, 30 * EUR_PER_EC, { "han_auto/AUT-02" } },
	{ "han", "Module Voertuigdiagnose", NULL, 30, "on_campus", "Arnhem", "2027-02-01",
	  "2027-06-30", 20, 30 * EUR_PER_EC, { "han_auto/AUT-03" } },
	/* ACE Academy: short courses, some given by a company at its own site */
	{ "ace", "ACE Academy: Veilig werken aan elektrische voertuigen",
	  "Korte cursus op de Automotive Campus, voor monteurs en technici.", 3, "on_campus",
	  "Helmond", "2026-10-05", "2026-10-16", 16, 3 * EUR_PER_EC,
	  { "han_auto/AUT-02", "ade/ADE-05" } },
	{ "ace", "ACE Academy: Data-analyse voor de productie", NULL, 5, "blended", "Helmond",
	  "2027-03-01", "2027-04-30", 20, 5 * EUR_PER_EC, { "ade/ADE-06", "ade/ADE-09" } },
	{ "vdl_nedcar", "ACE Academy bij VDL Nedcar: Lean Six Sigma Yellow Belt",
	  "Bedrijfsopleiding in de trainingsfaciliteiten van VDL Nedcar, open voor de community "
	  "van ACE-bedrijven.", 4, "at_work", "Born", "2026-11-02", "2026-12-18", 12,
	  4 * EUR_PER_EC, { "ade/ADE-04" } },
	{ "vdl_nedcar", "ACE Academy bij VDL Nedcar: Robotisering in de carrosseriebouw", NULL, 5,
	  "at_work", "Born", "2027-03-08", "2027-05-28", 12, 5 * EUR_PER_EC,
	  { "ade/ADE-05", "han_auto/AUT-04" } },
	{ "daf", "ACE Academy bij DAF Trucks: Leidinggeven op de werkvloer",
	  "Persoonlijke ontwikkeling voor (aankomend) teamleiders, waar oude en jonge medewerkers "
	  "van elkaar leren.", 3, "at_work", "Eindhoven", "2027-01-18", "2027-03-26", 14,
	  3 * EUR_PER_EC, { "ade/ADE-08" } },
	/* private providers, for vouchers */
	{ "ncoi", "Module Software ontwikkelen", NULL, 30, "online", "Online", "2026-09-01",
	  "2027-02-26", 200, 30 * 5000, { "ncoi_ict/ICT-01" } },
	{ "ncoi", "Module Netwerken en informatiebeveiliging", NULL, 30, "blended", "Utrecht",
	  "2027-01-04", "2027-06-30", 60, 30 * 5000, { "ncoi_ict/ICT-02" } },
	{ "loi", "Module Zorgprocessen organiseren", NULL, 30, "online", "Online", "2026-10-01",
	  "2027-03-31", 500, 30 * 4300, { "loi_zorg/MZ-01" } },
	{ "loi", "Module Leidinggeven in de zorg", NULL, 30, "online", "Online", "2027-01-04",
	  "2027-06-30", 500, 30 * 4300, { "loi_zorg/MZ-02" } },
};

struct demo_person {
	const char *key, *given_name, *family_name, *email;
};

static const struct demo_person persons[] = {
	/* the people behind the demo logins */
	{ "p_learner", "Sanne", "de Vries", "learner@demo.leerpad.nl" },
	{ "p_coach", "Marieke", "van den Berg", "coach@demo.leerpad.nl" },
	{ "p_examiner", "Hans", "Verhoeven", "examiner@demo.leerpad.nl" },
	{ "p_examboard", "Petra", "Kuipers", "examboard@demo.leerpad.nl" },
	{ "p_pm", "Erik", "Mulder", "programme-manager@demo.leerpad.nl" },
	{ "p_instadmin", "Joyce", "Claassen", "institution-admin@demo.leerpad.nl" },
	{ "p_hr", "Ingrid", "Bakker", "hr@demo.leerpad.nl" },
	{ "p_supervisor", "Mark", "Janssen", "supervisor@demo.leerpad.nl" },
	{ "p_va", "Wendy", "Dijkstra", "voucher-authority@demo.leerpad.nl" },
	{ "p_netco", "Bas", "Gerritsen", "network-coordinator@demo.leerpad.nl" },
	{ "p_monitor", "Ahmed", "Bouzid", "monitor@demo.leerpad.nl" },
	{ "p_admin", "Joost", "Brouwer", "admin@demo.leerpad.nl" },
	/* more learners and their supervisors */
	{ "p_niels", "Niels", "van Dongen", NULL },
	{ "p_tom", "Tom", "Hendriks", NULL },
	{ "p_peter", "Peter", "van Dijk", NULL },
	{ "p_youssef", "Youssef", "El Amrani", NULL },
	{ "p_linda", "Linda", "Smeets", NULL },
	{ "p_kevin", "Kevin", "Peeters", NULL },
	{ "p_ruud", "Ruud", "Martens", NULL },
	{ "p_lisa", "Lisa", "Postma", NULL },
	{ "p_jeroen", "Jeroen", "de Boer", NULL },
	{ "p_fatima", "Fatima", "Yilmaz", NULL },
	{ "p_anouk", "Anouk", "Visser", NULL },
	{ "p_mehmet", "Mehmet", "Kaya", NULL },
	{ "p_sandra", "Sandra", "Bos", NULL },
	{ "p_daan", "Daan", "Vermeulen", NULL },
	{ "p_rob", "Rob", "Lemmens", NULL },
	{ "p_rik", "Rik", "Smulders", NULL },
};

struct demo_employment {
	const char *person, *employer, *job_title, *start_date, *supervisor;
};

static const struct demo_employment employments[] = {
	/* supervisors and HR first, then the learners they supervise */
	{ "p_supervisor", "vdl_etg", "Teamleider assemblage", "2012-05-01", NULL },
	{ "p_hr", "vdl_etg", "HR-adviseur leren en ontwikkelen", "2016-01-01", NULL },
	{ "p_learner", "vdl_etg", "Mechatronicus", "2019-03-01", "p_supervisor" },
	{ "p_niels", "vdl_etg", "Monteur cleanroom", "2020-09-01", "p_supervisor" },
	{ "p_peter", "vdl_kunststoffen", "Productieleider", "2010-02-01", NULL },
	{ "p_tom", "vdl_kunststoffen", "Procesoperator spuitgieten", "2018-06-01", "p_peter" },
	{ "p_linda", "trespa", "Hoofd technische dienst", "2011-04-01", NULL },
	{ "p_youssef", "trespa", "Technicus productielijn", "2017-10-01", "p_linda" },
	{ "p_ruud", "vdl_lasindustrie", "Afdelingshoofd productie", "2008-01-01", NULL },
	{ "p_kevin", "vdl_lasindustrie", "Werkvoorbereider lassen", "2016-08-15", "p_ruud" },
	{ "p_jeroen", "ah", "Supermarktmanager", "2009-03-01", NULL },
	{ "p_lisa", "ah", "Teamleider vers", "2018-01-15", "p_jeroen" },
	{ "p_anouk", "hema", "Filiaalmanager", "2012-09-01", NULL },
	{ "p_fatima", "hema", "Assistent-filiaalmanager", "2019-05-01", "p_anouk" },
	{ "p_sandra", "mediamarkt", "Storemanager", "2014-02-01", NULL },
	{ "p_mehmet", "mediamarkt", "Verkoopadviseur", "2020-03-01", "p_sandra" },
	{ "p_rob", "vdl_nedcar", "Productiemanager", "2013-06-01", NULL },
	{ "p_daan", "vdl_nedcar", "Procestechnicus carrosseriebouw", "2019-11-01", "p_rob" },
	/* staff of the institution, the centre, the funder and the ministry */
	{ "p_coach", "fontys", "Docent-coach Ad Engineering", "2015-08-01", NULL },
	{ "p_rik", "fontys", "Docent-coach Ad Engineering", "2018-01-01", NULL },
	{ "p_examiner", "fontys", "Docent en examinator werktuigbouwkunde", "2011-08-01", NULL },
	{ "p_examboard", "fontys", "Voorzitter examencommissie Engineering", "2009-08-01", NULL },
	{ "p_pm", "fontys", "Opleidingsmanager Ad Engineering", "2017-09-01", NULL },
	{ "p_instadmin", "fontys", "Functioneel beheerder onderwijssystemen", "2014-03-01", NULL },
	{ "p_netco", "ace", "Coördinator ACE Academy", "2018-04-01", NULL },
	{ "p_va", "duo", "Teamleider vouchers vraagfinanciering", "2016-09-01", NULL },
	{ "p_monitor", "ocw", "Beleidsmedewerker projectgroep flexibilisering", "2016-01-01",
	  NULL },
};

/* The accounts, one per demo login, in the order of demo_logins. */
struct demo_account {
	const char *person, *organisation;   /* organisation: NULL for a global role */
};

const struct demo_login demo_logins[] = {
	{ "learner@demo.leerpad.nl", "learner", "Fontys (Ad Engineering); works at VDL ETG" },
	{ "coach@demo.leerpad.nl", "coach", "Fontys" },
	{ "examiner@demo.leerpad.nl", "examiner", "Fontys" },
	{ "examboard@demo.leerpad.nl", "exam_board", "Fontys" },
	{ "programme-manager@demo.leerpad.nl", "programme_manager", "Fontys" },
	{ "institution-admin@demo.leerpad.nl", "institution_admin", "Fontys" },
	{ "hr@demo.leerpad.nl", "employer_hr", "VDL ETG" },
	{ "supervisor@demo.leerpad.nl", "workplace_supervisor", "VDL ETG" },
	{ "voucher-authority@demo.leerpad.nl", "voucher_authority", "" },
	{ "network-coordinator@demo.leerpad.nl", "network_coordinator", "ACE" },
	{ "monitor@demo.leerpad.nl", "monitor", "" },
	{ "admin@demo.leerpad.nl", "system_admin", "" },
	{ NULL, NULL, NULL },
};

static const struct demo_account accounts[] = {
	{ "p_learner", "fontys" },
	{ "p_coach", "fontys" },
	{ "p_examiner", "fontys" },
	{ "p_examboard", "fontys" },
	{ "p_pm", "fontys" },
	{ "p_instadmin", "fontys" },
	{ "p_hr", "vdl_etg" },
	{ "p_supervisor", "vdl_etg" },
	{ "p_va", NULL },
	{ "p_netco", "ace" },
	{ "p_monitor", NULL },
	{ "p_admin", NULL },
};

_Static_assert(N(accounts) + 1 == N(demo_logins), "one account per demo login");

/* ---- loading ------------------------------------------------------------- */

#define MAX_KEYS 256

/* Keys of the tables mapped to the ids their records got. */
struct keymap {
	int count;
	char keys[MAX_KEYS][40];
	char ids[MAX_KEYS][ID_LEN];
};

struct loader {
	struct ctx *ctx;
	struct keymap map;
	struct demo_counts counts;
};

/* The id of key, or NULL (a bug in the tables: the loader reports it). */
static const char *
id_of(struct loader *l, const char *key)
{
	for (int i = 0; key && i < l->map.count; i++)
		if (strcmp(l->map.keys[i], key) == 0)
			return l->map.ids[i];
	return NULL;
}

/* Resolves key, failing with LP_EINTERNAL when the tables name a key that
 * was never made. */
static enum lp_status
need(struct loader *l, const char *key, const char **id)
{
	*id = id_of(l, key);
	if (!*id)
		return lp_fail(l->ctx->err, LP_EINTERNAL, NULL, "demo data: unknown key '%s'", key);
	return LP_OK;
}

/* A JSON array of the non-NULL strings among the first n of items. */
static json_t *
strings(const char *const *items, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n && items[i]; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

/* Creates one record from input (consumed) and, with a key, remembers its
 * id. On failure, ctx->err's reason gets the record kind and key in front. */
static enum lp_status
make(struct loader *l, const struct entity_def *def, const char *key, json_t *input, int *count)
{
	json_t *out = NULL;
	enum lp_status rc;

	if (!input)
		return lp_fail(l->ctx->err, LP_EINTERNAL, NULL, "demo data: bad record in %s",
			       def->name);
	rc = entity_create(l->ctx, def, input, &out);
	json_decref(input);
	if (rc) {
		struct lp_error *err = l->ctx->err;
		char reason[sizeof(err->reason) + 128];
		size_t len;

		snprintf(reason, sizeof(reason), "demo %s %s: %s", def->singular, key ? key : "",
			 err->reason);
		len = strlen(reason);
		if (len >= sizeof(err->reason))
			len = sizeof(err->reason) - 1;
		memcpy(err->reason, reason, len);
		err->reason[len] = '\0';
		return rc;
	}
	if (key) {
		if (l->map.count == MAX_KEYS) {
			json_decref(out);
			return lp_fail(l->ctx->err, LP_EINTERNAL, NULL, "demo data: too many keys");
		}
		snprintf(l->map.keys[l->map.count], sizeof(l->map.keys[0]), "%s", key);
		snprintf(l->map.ids[l->map.count], ID_LEN, "%s",
			 json_string_value(json_object_get(out, "id")));
		l->map.count++;
	}
	json_decref(out);
	(*count)++;
	return LP_OK;
}

/* Organisations, then the memberships of the networks among them. */
static enum lp_status
load_organisations(struct loader *l)
{
	enum lp_status rc = LP_OK;

	for (size_t i = 0; !rc && i < N(orgs); i++) {
		const struct demo_org *o = &orgs[i];
		json_t *in = json_pack("{s:s, s:s, s:s?, s:b, s:s?, s:s?, s:s?, s:s?, s:s?}",
				       "kind", o->kind, "name", o->name,
				       "short_name", o->short_name, "funded", o->funded,
				       "institution_code", o->institution_code,
				       "coc_number", o->coc_number, "city", o->city,
				       "website", o->website, "description", o->description);
		rc = make(l, &organisations_def, o->key, in, &l->counts.organisations);
	}
	for (size_t i = 0; !rc && i < N(memberships); i++) {
		const struct demo_membership *m = &memberships[i];
		const char *network, *member;
		if ((rc = need(l, m->network, &network)) || (rc = need(l, m->member, &member)))
			break;
		rc = make(l, &network_memberships_def, NULL,
			  json_pack("{s:s, s:s, s:s, s:s}", "network_id", network,
				    "member_id", member, "role", m->role, "since", m->since),
			  &l->counts.memberships);
	}
	return rc;
}

/* Programmes, then their learning outcomes, keyed "programme/CODE"; an
 * outcome listed for several programmes of one learning line is made for
 * each of them. */
static enum lp_status
load_programmes(struct loader *l)
{
	enum lp_status rc = LP_OK;
	char key[40];

	for (size_t i = 0; !rc && i < N(programmes); i++) {
		const struct demo_programme *p = &programmes[i];
		const char *institution;
		if ((rc = need(l, p->institution, &institution)))
			break;
		rc = make(l, &programmes_def, p->key,
			  json_pack("{s:s, s:s, s:s, s:i, s:s?, s:o, s:o, s:o, s:s?, s:s?}",
				    "institution_id", institution, "name", p->name,
				    "level", p->level, "total_ec", p->total_ec,
				    "programme_code", p->programme_code,
				    "modes", strings(p->modes, N(p->modes)),
				    "experiments", strings(p->experiments, N(p->experiments)),
				    "locations", strings(p->locations, N(p->locations)),
				    "learning_line", p->learning_line,
				    "description", p->description),
			  &l->counts.programmes);
	}
	for (size_t i = 0; !rc && i < N(outcomes); i++) {
		const struct demo_outcome *o = &outcomes[i];
		for (size_t k = 0; !rc && k < N(o->programmes) && o->programmes[k]; k++) {
			const char *programme;
			if ((rc = need(l, o->programmes[k], &programme)))
				break;
			snprintf(key, sizeof(key), "%s/%s", o->programmes[k], o->code);
			rc = make(l, &outcomes_def, key,
				  json_pack("{s:s, s:s, s:s, s:i, s:s?, s:o, s:o}",
					    "programme_id", programme, "code", o->code,
					    "title", o->title, "ec", o->ec,
					    "description", o->description,
					    "criteria", strings(o->criteria, N(o->criteria)),
					    "alignments", strings(o->alignments, N(o->alignments))),
				  &l->counts.outcomes);
		}
	}
	return rc;
}

/* Offerings, each with the outcomes it serves. */
static enum lp_status
load_offerings(struct loader *l)
{
	enum lp_status rc = LP_OK;

	for (size_t i = 0; !rc && i < N(offerings); i++) {
		const struct demo_offering *o = &offerings[i];
		const char *provider, *outcome;
		json_t *ids = json_array();

		rc = need(l, o->provider, &provider);
		for (size_t k = 0; !rc && k < N(o->outcomes) && o->outcomes[k]; k++) {
			rc = need(l, o->outcomes[k], &outcome);
			if (!rc)
				json_array_append_new(ids, json_string(outcome));
		}
		if (rc) {
			json_decref(ids);
			break;
		}
		rc = make(l, &offerings_def, NULL,
			  json_pack("{s:s, s:s, s:s?, s:o, s:i, s:s, s:s, s:s, s:s, s:i, s:I}",
				    "provider_id", provider, "title", o->title,
				    "description", o->description, "outcome_ids", ids, "ec", o->ec,
				    "mode", o->mode, "location", o->location,
				    "start_date", o->start_date, "end_date", o->end_date,
				    "capacity", o->capacity,
				    "price_cents", (json_int_t)o->price_cents),
			  &l->counts.offerings);
	}
	return rc;
}

/* People, their employments (supervisors first), and one account with
 * one role grant per demo login. */
static enum lp_status
load_people(struct loader *l)
{
	enum lp_status rc = LP_OK;

	for (size_t i = 0; !rc && i < N(persons); i++) {
		const struct demo_person *p = &persons[i];
		rc = make(l, &persons_def, p->key,
			  json_pack("{s:s, s:s, s:s?}", "given_name", p->given_name,
				    "family_name", p->family_name, "email", p->email),
			  &l->counts.persons);
	}
	for (size_t i = 0; !rc && i < N(employments); i++) {
		const struct demo_employment *e = &employments[i];
		const char *person, *employer, *supervisor = NULL;
		if ((rc = need(l, e->person, &person)) || (rc = need(l, e->employer, &employer)) ||
		    (e->supervisor && (rc = need(l, e->supervisor, &supervisor))))
			break;
		rc = make(l, &employments_def, NULL,
			  json_pack("{s:s, s:s, s:s, s:s, s:s?}", "person_id", person,
				    "employer_id", employer, "job_title", e->job_title,
				    "start_date", e->start_date, "supervisor_id", supervisor),
			  &l->counts.employments);
	}
	for (size_t i = 0; !rc && i < N(accounts); i++) {
		const struct demo_account *a = &accounts[i];
		const char *person, *org = NULL, *account;
		char key[40];
		if ((rc = need(l, a->person, &person)) ||
		    (a->organisation && (rc = need(l, a->organisation, &org))))
			break;
		snprintf(key, sizeof(key), "account %zu", i);
		rc = make(l, &accounts_def, key,
			  json_pack("{s:s, s:s, s:s, s:s}", "email", demo_logins[i].email,
				    "person_id", person, "password", DEMO_PASSWORD,
				    "language", "nl"),
			  &l->counts.accounts);
		if (!rc)
			rc = need(l, key, &account);
		if (!rc)
			rc = make(l, &role_grants_def, NULL,
				  json_pack("{s:s, s:s, s:s?}", "account_id", account,
					    "role", demo_logins[i].role, "organisation_id", org),
				  &l->counts.grants);
	}
	return rc;
}

enum lp_status
demo_load(struct ctx *ctx, struct demo_counts *counts)
{
	struct loader *l = calloc(1, sizeof(*l));
	enum lp_status rc;

	if (!l)
		return lp_fail(ctx->err, LP_EINTERNAL, NULL, "out of memory");
	l->ctx = ctx;
	rc = db_begin_nestable(ctx->db, ctx->err);
	if (rc)
		goto out;
	rc = load_organisations(l);
	if (!rc)
		rc = load_programmes(l);
	if (!rc)
		rc = load_offerings(l);
	if (!rc)
		rc = load_people(l);
	if (!rc)
		rc = demo_learning_load(ctx);  /* issue 4: demo_learning.c */
	if (!rc)
		rc = demo_money_load(ctx);     /* issue 5: demo_money.c */
	if (!rc)
		rc = demo_funding_load(ctx);   /* issue 5 item 4: demo_funding.c */
	if (!rc)
		rc = db_commit(ctx->db, ctx->err);
	if (rc)
		db_rollback(ctx->db);
	else if (counts)
		*counts = l->counts;
out:
	free(l);
	return rc;
}

enum lp_status
demo_state(struct ctx *ctx, enum demo_state *state, int64_t *organisations)
{
	struct db_stmt *st;
	enum lp_status rc;
	bool admin = false;

	*state = DEMO_EMPTY;
	*organisations = 0;
	rc = db_prepare(ctx->db, "SELECT COUNT(*) FROM organisations", &st, ctx->err);
	if (rc)
		return rc;
	if (db_step(st) == DB_ROW)
		*organisations = db_column_int(st, 0);
	else
		rc = db_error(ctx->db, ctx->err);
	db_reset(st);
	if (rc || *organisations == 0)
		return rc;
	rc = db_prepare(ctx->db, "SELECT 1 FROM accounts WHERE email = ?", &st, ctx->err);
	if (rc)
		return rc;
	db_bind_text(st, 1, DEMO_MARKER);
	admin = db_step(st) == DB_ROW;
	db_reset(st);
	*state = admin ? DEMO_PRESENT : DEMO_OTHER_DATA;
	return LP_OK;
}
