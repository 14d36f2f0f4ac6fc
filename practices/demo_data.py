"""Demo content of the catalogue, in Finnish, Swedish and English.

The practices, the criteria and the selection round come from the facts on
the Centre of Expertise in Immigrant Integration's pages (see ../shared/seeds),
retold in our own words. Populations are rounded figures for demonstration.
"""

# (slug, fi, sv, en, description fi, sv, en)
THEMES = [
    (
        "reception-and-municipality",
        "Vastaanotto ja kuntaan muutto",
        "Mottagning och flytt till kommunen",
        "Reception and moving to a municipality",
    ),
    ("work-and-skills", "Työ ja osaaminen", "Arbete och kompetens", "Work and skills"),
    ("education", "Koulutus ja opiskelu", "Utbildning och studier", "Education and studies"),
    ("language", "Kielen oppiminen", "Språkinlärning", "Language learning"),
    (
        "mentoring-and-peer-support",
        "Mentorointi ja vertaistuki",
        "Mentorskap och kamratstöd",
        "Mentoring and peer support",
    ),
    (
        "health-and-wellbeing",
        "Terveys ja hyvinvointi",
        "Hälsa och välbefinnande",
        "Health and wellbeing",
    ),
    (
        "families-and-parenting",
        "Perheet ja vanhemmuus",
        "Familjer och föräldraskap",
        "Families and parenting",
    ),
    (
        "participation-and-leisure",
        "Osallisuus ja vapaa-aika",
        "Delaktighet och fritid",
        "Participation and leisure",
    ),
    (
        "services-and-cooperation",
        "Palvelut ja yhteistyö",
        "Tjänster och samarbete",
        "Services and cooperation",
    ),
    (
        "attitudes-and-communities",
        "Asenteet ja paikallisyhteisöt",
        "Attityder och lokalsamhällen",
        "Attitudes and local communities",
    ),
]

TARGET_GROUPS = [
    ("asylum-seekers", "Turvapaikanhakijat", "Asylsökande", "Asylum seekers"),
    (
        "refugees",
        "Pakolaiset ja oleskeluluvan saaneet",
        "Flyktingar och personer med uppehållstillstånd",
        "Refugees and people granted a residence permit",
    ),
    ("young-people", "Nuoret", "Unga", "Young people"),
    ("women", "Naiset", "Kvinnor", "Women"),
    ("families", "Lapsiperheet", "Barnfamiljer", "Families with children"),
    ("working-age-adults", "Työikäiset", "Personer i arbetsför ålder", "Working-age adults"),
    ("older-people", "Ikääntyneet", "Äldre", "Older people"),
    (
        "professionals",
        "Ammattilaiset ja viranomaiset",
        "Yrkesverksamma och myndigheter",
        "Professionals and authorities",
    ),
]

PHASES = [
    (
        "reception",
        "Vastaanottovaihe",
        "Mottagningsskedet",
        "Reception phase",
        "Aika vastaanottokeskuksessa turvapaikkapäätöstä odottaessa.",
        "Tiden på förläggningen i väntan på asylbeslut.",
        "The time in a reception centre while waiting for an asylum decision.",
    ),
    (
        "moving-to-a-municipality",
        "Kuntaan siirtyminen",
        "Flytt till kommunen",
        "Moving to a municipality",
        "Oleskeluluvan jälkeinen muutto vastaanottokeskuksesta kuntaan.",
        "Flytten från förläggningen till en kommun efter att uppehållstillstånd beviljats.",
        "The move from a reception centre to a municipality after a residence permit.",
    ),
    (
        "initial-phase",
        "Alkuvaihe",
        "Inledningsskedet",
        "Initial phase",
        "Ensimmäiset kuukaudet uudessa kotikunnassa.",
        "De första månaderna i den nya hemkommunen.",
        "The first months in the new home municipality.",
    ),
    (
        "integration-period",
        "Kotoutumisaika",
        "Integrationstiden",
        "Integration period",
        "Kotoutumissuunnitelman ja kotoutumiskoulutuksen aika.",
        "Tiden med integrationsplan och integrationsutbildning.",
        "The period of the integration plan and integration training.",
    ),
    (
        "settled-life",
        "Vakiintuminen",
        "Etablering",
        "Settled life",
        "Elämä kunnassa kotoutumisajan jälkeen.",
        "Livet i kommunen efter integrationstiden.",
        "Life in the municipality after the integration period.",
    ),
]

# (slug, name fi, sv, en, description fi, sv, en)
CRITERIA = [
    (
        "goal-oriented",
        "Tavoitteellinen",
        "Målinriktad",
        "Goal-oriented",
        "Käytäntö kaventaa väestöryhmien välisiä eroja ja vahvistaa uusien tulijoiden hyvinvointia ja osallisuutta yhteiskunnassa.",
        "Praxisen minskar skillnaderna mellan befolkningsgrupper och stärker de nyanländas välbefinnande och delaktighet i samhället.",
        "The practice narrows the gaps between population groups and strengthens newcomers' wellbeing and their part in society.",
    ),
    (
        "customer-responsive",
        "Asiakaslähtöinen",
        "Kundorienterad",
        "Customer-responsive",
        "Käytäntö rakentuu niiden maahan muuttaneiden tarpeiden ja elämäntilanteen varaan, joita se palvelee.",
        "Praxisen utgår från behoven och livssituationen hos de invandrare som den riktar sig till.",
        "The practice is built on the needs and the life situation of the immigrants it serves.",
    ),
    (
        "context-sensitive",
        "Tilanteeseen sopiva",
        "Anpassad till situationen",
        "Context-sensitive",
        "Käytäntö toimii todellisissa oloissa ja ottaa huomioon myös vaikeat olosuhteet.",
        "Praxisen fungerar under verkliga förhållanden och tar hänsyn även till svåra omständigheter.",
        "The practice works in real conditions and takes difficult circumstances into account as well.",
    ),
    (
        "high-impact",
        "Vaikuttava",
        "Verkningsfull",
        "High-impact",
        "Palvelun käyttäjän näkökulmasta käytäntö saa aikaan parempia tuloksia kuin aiemmat toimintatavat.",
        "Sett ur klientens perspektiv ger praxisen bättre resultat än de tidigare arbetssätten.",
        "Seen from the point of view of the people it serves, the practice achieves better results than earlier ways of working.",
    ),
    (
        "capable-of-being-modelled",
        "Mallinnettava",
        "Avbildbar",
        "Capable of being modelled",
        "Käytännön olennaiset osat ja vaiheet on kuvattu niin selkeästi, että muut voivat seurata niitä ja päästä samaan asiakkaan kannalta toivottuun tavoitteeseen.",
        "Praxisens väsentliga delar och steg är så tydligt beskrivna att andra kan följa dem och nå samma mål för klienten.",
        "The essential parts and steps of the practice are described clearly enough for others to follow them and reach the same goal for the people it serves.",
    ),
    (
        "can-be-generalised",
        "Yleistettävä",
        "Generaliserbar",
        "Can be generalised",
        "Käytännön vaikutukset säilyvät, kun se otetaan käyttöön muissa samankaltaisissa toimintaympäristöissä.",
        "Praxisens effekter består när den tas i bruk i andra, liknande verksamhetsmiljöer.",
        "The effects of the practice hold when it is taken into use in other, similar settings.",
    ),
]

SELECTION_ROUND = {
    "date": "2016-02-01",
    "name_fi": "Vastaanottokeskus ja kunta – yhteistyö ja varhainen tuki kuntalaiseksi tulemiselle",
    "name_sv": "Förläggningen och kommunen – samarbete och tidigt stöd för att bli kommuninvånare",
    "name_en": "Reception centre and municipality: cooperation and early support for becoming a municipal resident",
}

# Practices of the February 2016 selection round. Every text in three languages; the
# findings per criterion follow from what the source pages say of each. The jury's
# scores of that round were never published, so none is made up here (rating None), and
# a municipality size is given only where the source says which sizes a practice suits.
PRACTICES = [
    {
        "slug": "spr-osaamisen-tunnistaminen-ja-tyoelamaan-tutustuminen",
        "title": (
            "Turvapaikanhakijoiden osaamisen tunnistaminen ja työelämään tutustuminen",
            "Identifiering av asylsökandes kompetens och praktisk arbetslivsorientering",
            "Identifying asylum seekers' skills and getting to know working life",
        ),
        "organisation": ("Suomen Punainen Risti", "Finlands Röda Kors", "Finnish Red Cross"),
        "summary": (
            "Suomen Punaisen Ristin vastaanottokeskuksissa turvapaikanhakijan osaaminen selvitetään mahdollisimman varhain, ja hän pääsee tutustumaan suomalaiseen työelämään käytännön työpaikoilla. Malli on myös parantanut paikallisen yhteisön asenteita.",
            "På Finlands Röda Kors förläggningar kartläggs den asylsökandes kompetens så tidigt som möjligt, och hen får bekanta sig med finländskt arbetsliv på riktiga arbetsplatser. Modellen har också förbättrat attityderna i lokalsamhället.",
            "In the Finnish Red Cross reception centres, an asylum seeker's skills are identified as early as possible, and they get to know Finnish working life at real workplaces. The model has also improved attitudes in the local community.",
        ),
        "goal": (
            "Turvapaikanhakija voi odottaa päätöstä pitkään tietämättä, miten hänen osaamisensa vastaa suomalaisia työmarkkinoita. Mallin tavoitteena on tunnistaa osaaminen heti vastaanottovaiheessa ja antaa turvapaikanhakijalle mahdollisimman nopeasti käsitys siitä, miten suomalainen työelämä toimii.",
            "En asylsökande kan vänta länge på sitt beslut utan att veta hur hens kompetens motsvarar den finländska arbetsmarknaden. Modellen syftar till att identifiera kompetensen redan under mottagningsskedet och ge den asylsökande så snabbt som möjligt en bild av hur arbetslivet i Finland fungerar.",
            "An asylum seeker may wait a long time for a decision without knowing how their skills match the Finnish labour market. The model aims to identify those skills already in the reception phase and to give the asylum seeker a picture of how Finnish working life functions as quickly as possible.",
        ),
        "how_it_works": (
            "1. Vastaanottokeskuksen työntekijät käyvät asukkaan kanssa läpi hänen koulutuksensa, työkokemuksensa ja muun osaamisensa.\n\n2. Asukkaalle etsitään hänen osaamistaan vastaava työelämään tutustumisen paikka lähialueen työnantajalta.\n\n3. Tutustumisjakson aikana asukas näkee, miten suomalainen työpaikka toimii, ja työnantaja ja työyhteisö tutustuvat turvapaikanhakijaan.",
            "1. Förläggningens personal går tillsammans med den boende igenom hens utbildning, arbetserfarenhet och övriga kompetens.\n\n2. För den boende söks en plats för praktisk arbetslivsorientering hos en arbetsgivare i närområdet som motsvarar hens kompetens.\n\n3. Under perioden ser den boende hur en finländsk arbetsplats fungerar, och arbetsgivaren och arbetsgemenskapen lär känna en asylsökande.",
            "1. Reception centre staff go through the resident's education, work experience and other skills together with them.\n\n2. A work-life orientation placement matching those skills is found with an employer in the area.\n\n3. During the placement the resident sees how a Finnish workplace functions, and the employer and the work community get to know an asylum seeker.",
        ),
        "results": (
            "Turvapaikanhakijat saivat varhain käsityksen suomalaisista työmarkkinoista. Lisäksi havaittiin, että malli vaikutti myönteisesti paikallisen yhteisön asenteisiin.",
            "De asylsökande fick tidigt en bild av den finländska arbetsmarknaden. Dessutom märkte man att modellen påverkade attityderna i lokalsamhället positivt.",
            "The asylum seekers gained an early picture of the Finnish labour market. It was also noticed that the model had a positive effect on attitudes in the local community.",
        ),
        "resources": (
            "Toteutetaan osana vastaanottokeskuksen tavallista toimintaa. Työaikaa tarvitaan osaamisen kartoittamiseen sekä tutustumispaikoista sopimiseen työnantajien kanssa.",
            "Genomförs som en del av förläggningens normala verksamhet. Arbetstid behövs för kompetenskartläggningen och för att komma överens med arbetsgivare om platser.",
            "Runs as part of the reception centre's normal work. Staff time is needed to map skills and to agree placements with employers.",
        ),
        "adoption": (
            "Vastaanottokeskus, jolla on aikaa osaamisen kartoittamiseen, ja lähialueen työnantajia, jotka ovat valmiita ottamaan vastaan tutustujia.",
            "En förläggning som har tid för kompetenskartläggning och arbetsgivare i närområdet som är beredda att ta emot praktikanter.",
            "A reception centre with time for skills mapping, and employers in the area who are willing to host placements.",
        ),
        "contact": (
            "Suomen Punainen Risti, vastaanottotoiminta – www.punainenristi.fi",
            "Finlands Röda Kors, mottagningsverksamheten – www.rodakorset.fi",
            "Finnish Red Cross, reception services – www.redcross.fi",
        ),
        "municipalities": [],
        "sizes": [],
        "themes": ["work-and-skills", "reception-and-municipality", "attitudes-and-communities"],
        "target_groups": ["asylum-seekers", "working-age-adults"],
        "phases": ["reception"],
        "assessments": {
            "goal-oriented": (
                None,
                (
                    "Osaamisen varhainen tunnistaminen lyhentää matkaa työelämään ja vahvistaa osallisuutta.",
                    "Tidig identifiering av kompetens förkortar vägen till arbetslivet och stärker delaktigheten.",
                    "Identifying skills early shortens the way to working life and strengthens inclusion.",
                ),
            ),
            "customer-responsive": (
                None,
                (
                    "Lähtökohtana on kunkin turvapaikanhakijan oma koulutus ja työkokemus.",
                    "Utgångspunkten är varje asylsökandes egen utbildning och arbetserfarenhet.",
                    "It starts from each asylum seeker's own education and work experience.",
                ),
            ),
            "context-sensitive": (
                None,
                (
                    "Toimii vastaanottovaiheen epävarmuudessa, ennen kuin turvapaikkapäätös on tehty.",
                    "Fungerar i mottagningsskedets ovisshet, innan asylbeslutet har fattats.",
                    "Works amid the uncertainty of the reception phase, before the asylum decision is made.",
                ),
            ),
            "high-impact": (
                None,
                (
                    "Antaa käsityksen työmarkkinoista tavallista aiemmin ja parantaa paikallisyhteisön asenteita.",
                    "Ger en bild av arbetsmarknaden tidigare än vanligt och förbättrar attityderna i lokalsamhället.",
                    "Gives a picture of the labour market earlier than usual and improves local attitudes.",
                ),
            ),
            "capable-of-being-modelled": (
                None,
                (
                    "Vaiheet – kartoitus, paikan etsiminen ja tutustumisjakso – on helppo kuvata.",
                    "Stegen – kartläggning, sökande av plats och praktikperiod – är lätta att beskriva.",
                    "Its steps – mapping, finding a placement and the placement itself – are easy to describe.",
                ),
            ),
            "can-be-generalised": (
                None,
                (
                    "Käytössä useissa Punaisen Ristin vastaanottokeskuksissa eri puolilla Suomea.",
                    "Används på flera av Röda Korsets förläggningar i olika delar av Finland.",
                    "In use in several Red Cross reception centres in different parts of Finland.",
                ),
            ),
        },
    },
    {
        "slug": "oulun-prosessikuvaus-vastaanottokeskuksesta-kuntaan",
        "title": (
            "Oulun kaupungin ja Oulun vastaanottokeskuksen prosessikuvaus",
            "Uleåborgs stads och förläggningen i Uleåborgs processbeskrivning",
            "Process description of the City of Oulu and the Oulu reception centre",
        ),
        "organisation": (
            "Oulun kaupunki ja Oulun vastaanottokeskus",
            "Uleåborgs stad och förläggningen i Uleåborg",
            "City of Oulu and Oulu reception centre",
        ),
        "summary": (
            "Kaupungin ja vastaanottokeskuksen yhteinen kuvaus siirtymästä vastaanottokeskuksesta kuntaan: kuka tekee mitä ja missä vaiheessa, jotta paperiasiat ja korvaukset sujuvat eikä kukaan putoa viranomaisten tavoittamattomiin.",
            "En gemensam beskrivning av staden och förläggningen av övergången från förläggningen till kommunen: vem gör vad och när, så att pappers- och ersättningsärenden löper och ingen hamnar utanför myndigheternas räckvidd.",
            "A description, shared by the city and the reception centre, of the move from the reception centre to the municipality: who does what and when, so that paperwork and compensation run smoothly and no one falls out of reach of the authorities.",
        ),
        "goal": (
            "Oleskeluluvan saamisen jälkeinen siirtymä on kriittinen vaihe: asioiden pitää siirtyä vastaanottokeskukselta kunnalle katkeamatta. Tavoitteena on, että paperi- ja korvausasiat hoituvat sujuvasti eikä luvan saanut henkilö jää viranomaiskontaktin ulkopuolelle.",
            "Övergången efter att uppehållstillstånd beviljats är ett kritiskt skede: ärendena ska flyttas från förläggningen till kommunen utan avbrott. Målet är att pappers- och ersättningsärenden sköts smidigt och att personen inte hamnar utanför myndighetskontakten.",
            "The transition after a residence permit is granted is a critical phase: matters must pass from the reception centre to the municipality without a break. The aim is that paperwork and compensation are handled smoothly and that the person does not drop out of contact with the authorities.",
        ),
        "how_it_works": (
            "Prosessikuvaus jakaa siirtymän vaiheisiin ja nimeää kullekin vaiheelle vastuutahon. Kaupungin palvelut ja vastaanottokeskus käyttävät samaa kuvausta, joten kumpikin tietää, milloin asia siirtyy toiselle.",
            "Processbeskrivningen delar in övergången i skeden och anger vem som ansvarar för varje skede. Stadens tjänster och förläggningen använder samma beskrivning, så båda vet när ärendet går över till den andra.",
            "The process description divides the transition into stages and names the party responsible for each. The city's services and the reception centre use the same description, so both know when a matter passes to the other.",
        ),
        "results": (
            "Kun siirtymä sujuu, uuden kuntalaisen motivaatio säilyy ja hän kiinnittyy paikkakuntaan, jossa asiat tuntuvat etenevän.",
            "När övergången löper smidigt hålls den nya kommuninvånarens motivation uppe, och hen fäster sig vid orten där saker känns gå framåt.",
            "When the transition runs smoothly, the new resident's motivation stays up and they become attached to a place where things feel like they are moving forward.",
        ),
        "resources": (
            "Kuvauksen laatiminen vaatii yhteistä työtä kaupungin palveluilta ja vastaanottokeskukselta; sen jälkeen kuvausta käytetään osana tavallista työtä.",
            "Att ta fram beskrivningen kräver gemensamt arbete av stadens tjänster och förläggningen; därefter används den som en del av det normala arbetet.",
            "Drawing up the description takes joint work by the city's services and the reception centre; after that it is used as part of normal work.",
        ),
        "adoption": (
            "Kunta ja vastaanottokeskus, jotka sopivat vastuistaan yhdessä ja pitävät kuvauksen ajan tasalla.",
            "En kommun och en förläggning som kommer överens om ansvaret tillsammans och håller beskrivningen uppdaterad.",
            "A municipality and a reception centre that agree on their responsibilities together and keep the description up to date.",
        ),
        "contact": (
            "Oulun kaupunki, maahanmuuttajapalvelut – www.ouka.fi",
            "Uleåborgs stad, invandrartjänster – www.ouka.fi",
            "City of Oulu, immigrant services – www.ouka.fi",
        ),
        "municipalities": ["oulu"],
        "sizes": [],
        "themes": ["reception-and-municipality", "services-and-cooperation"],
        "target_groups": ["refugees", "professionals"],
        "phases": ["reception", "moving-to-a-municipality"],
        "assessments": {
            "goal-oriented": (
                None,
                (
                    "Varmistaa, ettei kukaan jää palvelujen ulkopuolelle kuntaan muuttaessaan.",
                    "Säkerställer att ingen hamnar utanför tjänsterna vid flytten till kommunen.",
                    "Makes sure that no one is left outside services when moving to the municipality.",
                ),
            ),
            "customer-responsive": (
                None,
                (
                    "Rakentuu luvan saaneen henkilön polulle eikä organisaatioiden rajoille.",
                    "Bygger på den enskildas väg och inte på organisationernas gränser.",
                    "Follows the person's path rather than the boundaries between organisations.",
                ),
            ),
            "context-sensitive": (
                None,
                (
                    "Vastaa siirtymävaiheen riskeihin, joissa asiat usein katkeavat.",
                    "Svarar på riskerna i övergångsskedet, där ärenden ofta avbryts.",
                    "Answers the risks of the transition, where matters are often interrupted.",
                ),
            ),
            "high-impact": (
                None,
                (
                    "Sujuva siirtymä pitää motivaation yllä ja kiinnittää paikkakuntaan.",
                    "En smidig övergång håller motivationen uppe och knyter personen till orten.",
                    "A smooth transition keeps motivation up and ties the person to the place.",
                ),
            ),
            "capable-of-being-modelled": (
                None,
                (
                    "Malli on jo itsessään kirjallinen kuvaus vaiheista ja vastuista.",
                    "Modellen är i sig en skriftlig beskrivning av skeden och ansvar.",
                    "The model is itself a written description of stages and responsibilities.",
                ),
            ),
            "can-be-generalised": (
                None,
                (
                    "Sopii kuntiin, joiden alueella toimii vastaanottokeskus.",
                    "Passar kommuner där det finns en förläggning.",
                    "Suits municipalities with a reception centre in their area.",
                ),
            ),
        },
    },
    {
        "slug": "vertaiskoto-malli",
        "title": ("VertaisKoto-malli", "VertaisKoto-modellen", "The VertaisKoto model"),
        "organisation": ("Suomen Pakolaisapu", "Finlands Flyktinghjälp", "Finnish Refugee Council"),
        "summary": (
            "Järjestön ja kunnan yhteistyömalli, jossa maahanmuuttajien omaa kieltä puhuvat vertaisryhmänohjaajat tukevat kuntaan asettumista. Malli sopii erityisesti suuremmille paikkakunnille.",
            "En samarbetsmodell mellan organisationen och kommunen, där kamratgruppsledare som talar invandrarnas eget språk stöder etableringen i kommunen. Modellen passar särskilt större orter.",
            "A model of cooperation between the organisation and the municipality in which peer group leaders who speak the immigrants' own languages support settling into the municipality. It suits larger localities in particular.",
        ),
        "goal": (
            "Kotoutumisen kannalta tärkeä tieto ei aina tavoita uusia kuntalaisia, jos se on tarjolla vain suomeksi tai ruotsiksi. Malli tuo tiedon omalla äidinkielellä ja vertaisten kautta.",
            "Information som är viktig för integrationen når inte alltid nya kommuninvånare om den bara finns på finska eller svenska. Modellen förmedlar informationen på det egna modersmålet och genom kamrater.",
            "Information that matters for integration does not always reach new residents when it is offered only in Finnish or Swedish. The model brings it in their mother tongue and through peers.",
        ),
        "how_it_works": (
            "Vertaisryhmänohjaajat kokoavat ryhmiä, joissa käydään läpi kotoutumista edistäviä asioita ryhmäläisten omalla kielellä. Kunta ja järjestö sopivat yhdessä ryhmien aiheista. Mukaan voidaan ottaa paikallisia etnisiä yhteisöjä ja yhdistyksiä.",
            "Kamratgruppsledare samlar grupper där man går igenom saker som främjar integrationen på deltagarnas eget språk. Kommunen och organisationen kommer gemensamt överens om gruppernas teman. Lokala etniska sammanslutningar och föreningar kan involveras.",
            "Peer group leaders gather groups in which matters that help integration are discussed in the members' own language. The municipality and the organisation agree on the topics together. Local ethnic communities and associations can take part.",
        ),
        "results": (
            "Tieto kulkee ymmärrettävällä kielellä, ja kunta saa yhteyden paikallisiin yhteisöihin, jotka voivat jatkaa työtä.",
            "Informationen når fram på ett begripligt språk, och kommunen får kontakt med lokala sammanslutningar som kan föra arbetet vidare.",
            "Information gets through in a language people understand, and the municipality gains contact with local communities that can carry the work on.",
        ),
        "resources": (
            "Vertaisryhmänohjaajien koulutus ja tuki sekä kunnan ja järjestön yhteinen suunnittelu.",
            "Utbildning och stöd för kamratgruppsledarna samt gemensam planering mellan kommunen och organisationen.",
            "Training and support for the peer group leaders, and joint planning by the municipality and the organisation.",
        ),
        "adoption": (
            "Paikkakunta, jossa on riittävästi saman kielen puhujia ryhmiin sekä aktiivisia yhteisöjä tai yhdistyksiä.",
            "En ort med tillräckligt många talare av samma språk för grupperna samt aktiva sammanslutningar eller föreningar.",
            "A locality with enough speakers of the same language to form groups, and active communities or associations.",
        ),
        "contact": (
            "Suomen Pakolaisapu – www.pakolaisapu.fi",
            "Finlands Flyktinghjälp – www.pakolaisapu.fi",
            "Finnish Refugee Council – www.pakolaisapu.fi",
        ),
        "municipalities": [],
        "sizes": ["large"],
        "themes": [
            "mentoring-and-peer-support",
            "reception-and-municipality",
            "participation-and-leisure",
        ],
        "target_groups": ["refugees", "working-age-adults"],
        "phases": ["moving-to-a-municipality", "initial-phase"],
        "assessments": {
            "goal-oriented": (
                None,
                (
                    "Vahvistaa osallisuutta tuomalla tiedon kaikkien ulottuville.",
                    "Stärker delaktigheten genom att göra informationen tillgänglig för alla.",
                    "Strengthens inclusion by bringing information within everyone's reach.",
                ),
            ),
            "customer-responsive": (
                None,
                (
                    "Tieto annetaan ryhmäläisten omalla äidinkielellä ja vertaisten kautta.",
                    "Informationen ges på deltagarnas modersmål och genom kamrater.",
                    "Information is given in the members' mother tongue and through peers.",
                ),
            ),
            "context-sensitive": (
                None,
                (
                    "Hyödyntää paikallisia yhteisöjä ja yhdistyksiä.",
                    "Tar vara på lokala sammanslutningar och föreningar.",
                    "Makes use of local communities and associations.",
                ),
            ),
            "high-impact": (
                None,
                (
                    "Tieto tavoittaa ne, joita kuntien tiedotus ei muuten tavoittaisi.",
                    "Informationen når dem som kommunernas information annars inte skulle nå.",
                    "Information reaches people whom municipal information would otherwise miss.",
                ),
            ),
            "capable-of-being-modelled": (
                None,
                (
                    "Ohjaajien rooli, ryhmien kokoaminen ja yhteistyö kunnan kanssa on kuvattu.",
                    "Ledarnas roll, hur grupperna bildas och samarbetet med kommunen är beskrivna.",
                    "The leaders' role, the forming of groups and the cooperation with the municipality are described.",
                ),
            ),
            "can-be-generalised": (
                None,
                (
                    "Toistettavissa suuremmilla paikkakunnilla, joissa on kieliryhmiä ja yhteisöjä.",
                    "Kan upprepas på större orter med språkgrupper och sammanslutningar.",
                    "Can be repeated in larger localities with language groups and communities.",
                ),
            ),
        },
    },
    {
        "slug": "janakkalan-teemalliset-ryhmatapaamiset",
        "title": (
            "Teemalliset ryhmätapaamiset",
            "Temamöten för grupper",
            "Thematic group meetings",
        ),
        "organisation": ("Janakkalan kunta", "Janakkala kommun", "Municipality of Janakkala"),
        "summary": (
            "Kunnan sosiaalitoimessa maahanmuuttajat kokoontuvat ryhmiin, joissa he saavat tietoa arkea helpottavista asioista ja vertaistukea. Ryhmät säästävät työaikaa yksilötapaamisiin verrattuna. Malli sopii erityisesti pienemmille kunnille.",
            "Inom kommunens socialväsende samlas invandrare i grupper där de får information om saker som underlättar vardagen och kamratstöd. Grupperna sparar arbetstid jämfört med individuella möten. Modellen passar särskilt mindre kommuner.",
            "In the municipality's social services, immigrants meet in groups where they get information that makes everyday life easier, and peer support. The groups save working time compared with individual appointments. The model suits smaller municipalities in particular.",
        ),
        "goal": (
            "Pienessä kunnassa samoja asioita selitetään monelle erikseen, ja uusilla kuntalaisilla on vähän tuttuja. Malli tuo tiedon ja vertaistuen samaan tapaamiseen.",
            "I en mindre kommun förklaras samma saker för många var för sig, och nya invånare har få bekanta. Modellen samlar information och kamratstöd i samma möte.",
            "In a smaller municipality the same things are explained to many people one at a time, and new residents know few people. The model brings information and peer support into the same meeting.",
        ),
        "how_it_works": (
            "Sosiaalitoimi kutsuu maahanmuuttajia ryhmätapaamisiin, joilla kullakin on oma teemansa. Tapaamisiin osallistuu tarvittaessa muiden viranomaisten edustajia, joten yhteistyö keskittyy samaan paikkaan.",
            "Socialväsendet bjuder in invandrare till gruppmöten som vart och ett har sitt eget tema. Vid behov deltar företrädare för andra myndigheter, så samarbetet samlas på ett ställe.",
            "The social services invite immigrants to group meetings, each with its own theme. Representatives of other authorities take part when needed, so cooperation is gathered in one place.",
        ),
        "results": (
            "Kun elämänhallinta vahvistuu ja syntyy uusia tuttavuuksia, maahanmuuttaja kiinnittyy paikkakuntaan. Ryhmätapaamiset ovat tehokkaita ja edullisia, koska ne säästävät työaikaa yksilötapaamisiin verrattuna.",
            "När livskompetensen stärks och nya bekantskaper uppstår fäster sig invandraren vid orten. Gruppmötena är effektiva och förmånliga eftersom de sparar arbetstid jämfört med individuella möten.",
            "As life skills grow and new acquaintances form, the immigrant becomes attached to the place. Group meetings are effective and inexpensive because they save working time compared with individual appointments.",
        ),
        "resources": (
            "Sosiaalitoimen työaika tapaamisten suunnitteluun ja vetämiseen sekä tila ryhmälle.",
            "Arbetstid inom socialväsendet för att planera och leda mötena samt en lokal för gruppen.",
            "Social services staff time to plan and lead the meetings, and a room for the group.",
        ),
        "adoption": (
            "Kunnan sosiaalitoimi, joka voi koota samassa tilanteessa olevia maahanmuuttajia ryhmiksi, ja muut viranomaiset mukaan teemojen mukaan.",
            "Ett socialväsende som kan samla invandrare i samma situation i grupper, och andra myndigheter som deltar enligt tema.",
            "Municipal social services able to gather immigrants in the same situation into groups, with other authorities joining by theme.",
        ),
        "contact": (
            "Janakkalan kunta, sosiaalipalvelut – www.janakkala.fi",
            "Janakkala kommun, socialtjänsten – www.janakkala.fi",
            "Municipality of Janakkala, social services – www.janakkala.fi",
        ),
        "municipalities": ["janakkala"],
        "sizes": ["small"],
        "themes": [
            "services-and-cooperation",
            "mentoring-and-peer-support",
            "reception-and-municipality",
        ],
        "target_groups": ["refugees", "families"],
        "phases": ["initial-phase", "integration-period"],
        "assessments": {
            "goal-oriented": (
                None,
                (
                    "Vahvistaa elämänhallintaa ja kiinnittymistä uuteen kotikuntaan.",
                    "Stärker livskompetensen och fästet vid den nya hemkommunen.",
                    "Strengthens life skills and attachment to the new home municipality.",
                ),
            ),
            "customer-responsive": (
                None,
                (
                    "Teemat valitaan arjen tarpeista, ja vertaistuki on osa tapaamista.",
                    "Temana väljs utifrån vardagens behov, och kamratstödet är en del av mötet.",
                    "Themes are chosen from everyday needs, and peer support is part of the meeting.",
                ),
            ),
            "context-sensitive": (
                None,
                (
                    "Sopii pienen kunnan niukkoihin resursseihin.",
                    "Passar en liten kommuns knappa resurser.",
                    "Fits the scarce resources of a small municipality.",
                ),
            ),
            "high-impact": (
                None,
                (
                    "Sama tieto tavoittaa useampia vähemmällä työajalla.",
                    "Samma information når fler med mindre arbetstid.",
                    "The same information reaches more people with less working time.",
                ),
            ),
            "capable-of-being-modelled": (
                None,
                (
                    "Tapaamisten rakenne ja viranomaisten rooli voidaan kuvata ja toistaa.",
                    "Mötenas struktur och myndigheternas roll kan beskrivas och upprepas.",
                    "The structure of the meetings and the authorities' role can be described and repeated.",
                ),
            ),
            "can-be-generalised": (
                None,
                (
                    "Siirrettävissä muihin pienempiin kuntiin.",
                    "Kan föras över till andra mindre kommuner.",
                    "Transferable to other smaller municipalities.",
                ),
            ),
        },
    },
]

# The anchored rating scale of each criterion: what 0, 1, 2 and 3 mean, in Finnish,
# Swedish and English (written for the jury from the criteria above). The data
# migration practices/0021 and the demo fill the criteria with these.
CRITERION_LEVELS = {
    "goal-oriented": [
        (
            "Tavoitetta ei ole kerrottu, tai se ei liity eriarvoisuuden vähentämiseen, hyvinvointiin eikä osallisuuteen.",
            "Inget mål anges, eller målet har inget med ojämlikhet, välbefinnande eller delaktighet att göra.",
            "No goal is stated, or the goal has nothing to do with inequality, wellbeing or inclusion.",
        ),
        (
            "Tavoite mainitaan, mutta se on epämääräinen; ei näy, miten käytäntö vähentää eriarvoisuutta tai lisää osallisuutta.",
            "Ett mål nämns men är vagt; det framgår inte hur praxisen minskar ojämlikhet eller ökar delaktighet.",
            "A goal is named but vague; it does not show how the practice reduces inequality or adds to inclusion.",
        ),
        (
            "Selkeä tavoite vähentää eriarvoisuutta tai parantaa uusien tulijoiden hyvinvointia ja osallisuutta, ja toiminta palvelee sitä.",
            "Ett tydligt mål att minska ojämlikhet eller förbättra nyanländas välbefinnande och delaktighet, och verksamheten tjänar det.",
            "A clear goal of reducing inequality or improving newcomers' wellbeing and inclusion, and the activities serve it.",
        ),
        (
            "Selkeät, mitattavat tavoitteet eriarvoisuudelle, hyvinvoinnille ja osallisuudelle; toiminta ja seuranta on rakennettu niiden ympärille.",
            "Tydliga, mätbara mål för ojämlikhet, välbefinnande och delaktighet; verksamheten och uppföljningen är uppbyggda kring dem.",
            "Clear, measurable goals for inequality, wellbeing and inclusion; the activities and their follow-up are built around them.",
        ),
    ],
    "customer-responsive": [
        (
            "Käytäntö on suunniteltu ottamatta huomioon maahan muuttaneiden tarpeita tai elämäntilannetta.",
            "Praxisen är utformad utan hänsyn till invandrarnas behov eller livssituation.",
            "The practice was designed without regard to the immigrants' needs or circumstances.",
        ),
        (
            "Tarpeet on oletettu eikä selvitetty; palveltavilla on vähän sananvaltaa.",
            "Behoven är antagna snarare än utredda; de som betjänas har lite att säga till om.",
            "Needs are assumed rather than found out; the people served have little say.",
        ),
        (
            "Käytäntö perustuu palveltavien selvitettyihin tarpeisiin, ja heidän palautteensa otetaan käyttöön.",
            "Praxisen bygger på utredda behov hos dem som betjänas, och deras respons tas till vara.",
            "The practice is built on the identified needs of the people served, and their feedback is put to use.",
        ),
        (
            "Palveltavat osallistuvat käytännön suunnitteluun ja kehittämiseen, ja se mukautuu kunkin kieleen ja elämäntilanteeseen.",
            "De som betjänas deltar i att planera och utveckla praxisen, och den anpassas till var och ens språk och livssituation.",
            "The people served take part in planning and developing the practice, and it adapts to each person's language and situation.",
        ),
    ],
    "context-sensitive": [
        (
            "Toimii vain ihanneoloissa; vaikeuksia ei ole otettu huomioon.",
            "Fungerar bara under idealiska förhållanden; svårigheter har inte beaktats.",
            "Works only in ideal conditions; difficulties are not considered.",
        ),
        (
            "Joitakin vaikeuksia tunnistetaan, mutta niihin ei ole suunnitelmaa.",
            "Vissa svårigheter känns igen, men det finns ingen plan för dem.",
            "Some difficulties are recognised, but there is no plan for them.",
        ),
        (
            "Toimii todellisissa oloissa, ja tavallisiin vaikeuksiin (resurssit, kieli, etäisyydet) on keinot.",
            "Fungerar under verkliga förhållanden och har sätt att hantera de vanliga svårigheterna (resurser, språk, avstånd).",
            "Works in real conditions and has ways to deal with the usual difficulties (resources, language, distance).",
        ),
        (
            "Toimivaksi todettu myös vaativissa oloissa, ja olosuhteiden muuttuessa on selvät keinot mukautua.",
            "Har visat sig fungera även under krävande förhållanden, med tydliga sätt att anpassa sig när omständigheterna ändras.",
            "Shown to work in demanding conditions too, with clear ways to adapt when circumstances change.",
        ),
    ],
    "high-impact": [
        (
            "Tuloksista palveltaville ei ole näyttöä.",
            "Det finns inga belägg för resultat för dem som betjänas.",
            "There is no evidence of results for the people served.",
        ),
        (
            "Tuloksia kuvataan mutta ei mitata, tai lasketaan vain toimintaa (osallistujien määrä).",
            "Resultat beskrivs men mäts inte, eller så räknas bara verksamheten (antal deltagare).",
            "Results are described but not measured, or only activity (the number of participants) is counted.",
        ),
        (
            "Mitatut tulokset osoittavat, että palveltavien tilanne on parempi kuin ennen.",
            "Uppmätta resultat visar att situationen för dem som betjänas är bättre än tidigare.",
            "Measured results show that things are better than before for the people served.",
        ),
        (
            "Selvä, mitattu ja pysyvä parannus palveltaville, jonka seuranta tai arviointi vahvistaa.",
            "En tydlig, uppmätt och bestående förbättring för dem som betjänas, bekräftad av uppföljning eller utvärdering.",
            "A clear, measured and lasting improvement for the people served, confirmed by follow-up or an evaluation.",
        ),
    ],
    "capable-of-being-modelled": [
        (
            "Käytännön sisältöä ja vaiheita ei ole kuvattu.",
            "Praxisens innehåll och steg är inte beskrivna.",
            "The practice's content and steps are not described.",
        ),
        (
            "Pääosat on kuvattu, mutta kuvauksen perusteella joku muu ei voisi toistaa käytäntöä.",
            "Huvuddragen är beskrivna, men någon annan kunde inte upprepa praxisen utifrån beskrivningen.",
            "The main parts are described, but someone else could not repeat the practice from the description.",
        ),
        (
            "Olennaiset osat, vaiheet ja roolit on kuvattu niin selvästi, että muut voivat seurata niitä.",
            "De väsentliga delarna, stegen och rollerna är beskrivna så tydligt att andra kan följa dem.",
            "The essential elements, steps and roles are described clearly enough for others to follow.",
        ),
        (
            "Valmis malli materiaaleineen, ohjeineen ja onnistumisen edellytyksineen, muiden käyttöön otettavissa.",
            "En färdig modell med material, anvisningar och förutsättningar för att lyckas, klar för andra att ta i bruk.",
            "A complete model with materials, instructions and the conditions for success, ready for others to use.",
        ),
    ],
    "can-be-generalised": [
        (
            "Sidottu yhteen paikkaan, henkilöön tai kertaluonteiseen tilanteeseen.",
            "Bunden till en plats, en person eller en engångssituation.",
            "Tied to one place, one person or a one-off situation.",
        ),
        (
            "Voisi ehkä toimia muualla, mutta sitä ei ole kokeiltu eivätkä edellytykset ole selvillä.",
            "Kunde kanske fungera på andra håll, men det har inte prövats och förutsättningarna är oklara.",
            "Might work elsewhere, but it has not been tried and what it requires is unclear.",
        ),
        (
            "Käyttöönoton edellytykset tunnetaan, ja käytäntö sopii muihin samankaltaisiin ympäristöihin.",
            "Förutsättningarna för att ta i bruk praxisen är kända, och den passar andra liknande miljöer.",
            "What adopting it requires is known, and the practice suits other similar environments.",
        ),
        (
            "Otettu jo käyttöön muualla samankaltaisin tuloksin tai kokeiltu useassa ympäristössä.",
            "Redan införd på andra håll med liknande resultat, eller prövad i flera miljöer.",
            "Already adopted elsewhere with similar results, or tried in several settings.",
        ),
    ],
}


def criterion_levels(slug: str) -> dict[str, str]:
    """The level fields of a criterion (level_0_fi …) for the model, or {} if unknown."""
    fields = {}
    for value, texts in enumerate(CRITERION_LEVELS.get(slug, [])):
        for language, text in zip(("fi", "sv", "en"), texts, strict=True):
            fields[f"level_{value}_{language}"] = text
    return fields


# Reports of where the seed practices are used ("Used also in"): made-up examples, named
# as such, each written in one language as a visitor would write it.
ADOPTIONS = [
    {
        "practice": "vertaiskoto-malli",
        "organisation": "Esimerkkiyhdistys ry (esimerkki)",
        "municipality": "kuopio",
        "year": 2019,
        "language": "fi",
        "changes": "Vertaisohjaajat koulutettiin kahdessa illassa yhden viikonlopun sijaan, ja tapaamiset pidettiin kirjastossa.",
        "experience": "Ryhmiin osallistui ensimmäisenä vuonna noin 40 perhettä. Ohjaajien jaksaminen vaati säännöllisiä työnohjauksia.",
    },
    {
        "practice": "vertaiskoto-malli",
        "organisation": "Exempelföreningen rf (exempel)",
        "municipality": "vaasa",
        "year": 2020,
        "language": "sv",
        "changes": "Träffarna hölls på svenska och finska, och vi bjöd in föräldrar via skolornas hälsovårdare.",
        "experience": "Tvåspråkiga grupper fungerade väl. Deltagarna önskade fler träffar under sommaren.",
    },
    {
        "practice": "janakkalan-teemalliset-ryhmatapaamiset",
        "organisation": "Example Town integration services (example)",
        "municipality": "forssa",
        "year": 2018,
        "language": "en",
        "changes": "We held the themed meetings once a month instead of every week and added a session on housing.",
        "experience": "Attendance stayed steady at 10–15 people. The housing session was the most popular one.",
    },
    {
        "practice": "oulun-prosessikuvaus-vastaanottokeskuksesta-kuntaan",
        "organisation": "Esimerkkikaupungin maahanmuuttajapalvelut (esimerkki)",
        "municipality": "rovaniemi",
        "year": 2021,
        "language": "fi",
        "changes": "Prosessikuvaus sovitettiin pienempään organisaatioon: sama työntekijä hoitaa sekä asunnon että ensimmäiset tapaamiset.",
        "experience": "Kuntaan muutto nopeutui, kun vastaanottokeskuksen kanssa sovittiin yhteinen tarkistuslista.",
    },
]
