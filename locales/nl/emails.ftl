# De e-mails die de betrokkene ontvangt. Elke e-mail heeft een onderwerpregel, een tekstversie en een HTML-versie die
# deze zinnen delen. { $kind } is wat er is gevraagd (de teksten kind-… uit pages.ftl).

email-hello = Geachte heer/mevrouw,
email-button-fallback = Of plak deze link in uw browser:
email-company-contact = { $company }, { $contact }
email-questions = Vragen? Schrijf naar { $contact }
email-complain = U hebt het recht een klacht in te dienen bij een toezichthoudende autoriteit en beroep in te stellen bij de rechter (AVG art. 12(4), 77 en 79).
email-wrong = Denkt u dat we iets verkeerd hebben gedaan? Beantwoord dan deze e-mail. U hebt ook het recht een klacht in te dienen bij een toezichthoudende autoriteit: { $authority }
email-authority-default = de gegevensbeschermingsautoriteit waar u woont of werkt.
email-keep-link = Houd deze link voor uzelf: iedereen die hem heeft, kan de status van uw verzoek zien.
email-new-request = U kunt op elk moment een nieuw verzoek indienen: { $link }
email-reason = Reden:
email-footer-unasked = U ontvangt dit omdat iemand dit adres op ons privacyportaal heeft ingevuld. Was u dat niet, negeer dit bericht dan: zonder bevestiging gebeurt er niets.
email-footer-confirmed = U ontvangt dit vanwege een bevestigd privacyverzoek voor dit adres.
email-footer-about = U ontvangt dit over een bevestigd privacyverzoek voor dit adres.
email-footer-answer = Dit is ons antwoord op het bevestigde verzoek voor dit adres. Bewaar het voor uw administratie.
email-footer-erasure = Dit is ons antwoord op het bevestigde verzoek om wissing voor dit adres. Bewaar het voor uw administratie.

## Uw adres bevestigen

verify-subject = Bevestig uw privacyverzoek
verify-again = U hebt al een openstaand verzoek: { $kind }. Hier is een nieuwe link om het te bevestigen.
verify-received = We hebben een verzoek ontvangen: { $kind }.
verify-how-text = Om te bevestigen dat dit adres van u is, opent u deze link en klikt u op “{ verify-submit }”:
verify-how-html = Om te bevestigen dat dit adres van u is, opent u de link hieronder en klikt u op “{ verify-submit }”.
verify-button = Open de bevestigingspagina
verify-expires = De link werkt één keer en verloopt op { $expires }.
reminder-subject = Herinnering: bevestig uw privacyverzoek
reminder-heading = Bevestig uw verzoek
reminder-asked = U hebt een verzoek ingediend, maar het nog niet bevestigd. Uw verzoek: { $kind }.
reminder-expires = Als het niet wordt bevestigd, verloopt het verzoek op { $expires }. Dit is de enige herinnering.

## Bevestigd, of al open

confirmed-subject = Uw privacyverzoek is bevestigd
confirmed-heading = Uw verzoek is bevestigd
confirmed-thanks = Dank u: uw verzoek is bevestigd. Het gaat om { $kind }.
confirmed-due = We antwoorden uiterlijk op { $due }.
confirmed-follow = Hier kunt u de voortgang volgen, of het verzoek annuleren zolang dat nog kan:
email-see-request = Bekijk uw verzoek
existing-subject = U hebt al een openstaand privacyverzoek
existing-heading = Uw verzoek staat al open
existing-again = U hebt opnieuw om hetzelfde gevraagd: { $kind }. Daarvoor staat al een verzoek open, dus we hebben geen tweede geopend.
existing-late = Ons antwoord had er uiterlijk op { $due } moeten zijn: we zijn te laat en antwoorden zo snel mogelijk.
existing-due = We beantwoorden het uiterlijk op { $due }.
existing-follow = Volg het hier:
existing-footer = U ontvangt dit omdat iemand vanaf dit adres opnieuw heeft gevraagd om een verzoek dat al openstaat. Er is niets nieuws in gang gezet.

## Afgewezen, of meer tijd

rejected-subject = Uw privacyverzoek is afgewezen
rejected-heading = Uw verzoek is afgewezen
rejected-reason = Uw verzoek: { $kind }. We hebben het om de volgende reden afgewezen:
extended-subject = Uw privacyverzoek: we hebben meer tijd nodig
extended-heading = We hebben meer tijd nodig
extended-reason = Uw verzoek: { $kind }. We hebben om de volgende reden meer tijd nodig om het te beantwoorden:
extended-law = De wet staat één verlenging toe als een verzoek ingewikkeld is of als we er veel ontvangen ({ $basis }). We antwoorden uiterlijk op { $extended }, in plaats van op { $due }.
# De wettelijke grondslag van de verlenging, als $basis hierboven.
basis-gdpr = AVG art. 12(3)
basis-uk = UK GDPR art. 12(3)
basis-ccpa = CCPA, Cal. Civ. Code §1798.130(a)(2)

## Het archief staat klaar

ready-subject = Ons antwoord staat klaar om te downloaden
ready-heading = Ons antwoord staat klaar
ready-intro = Ons antwoord op uw verzoek om een kopie van uw gegevens staat klaar: een archief met de persoonsgegevens die we over u bewaren (als we niets over u bewaren, staat dat erin).
ready-download = Download het hier:
ready-button = Download mijn gegevens
ready-until = De link werkt tot { $expires }.
ready-covers = Het archief omvat deze systemen: { $stores }.
ready-readme = Het bevat een README.html die uitlegt wat erin staat en wat uw rechten zijn.
ready-keep = Houd deze link voor uzelf: iedereen die hem heeft, kan uw gegevens downloaden.
ready-footer = U ontvangt dit vanwege een bevestigd verzoek om een kopie van de gegevens die we over dit adres bewaren.

## Het wissen is afgerond

erased-subject-nothing = Uw verzoek om wissing: we hebben geen persoonsgegevens gevonden om te wissen
erased-subject-all-kept = Uw verzoek om wissing: wat we hebben gevonden, moeten we volgens de wet voorlopig bewaren
erased-subject-some-kept = Uw persoonsgegevens zijn gewist, behalve records die we volgens de wet moeten bewaren
erased-subject-asked = Uw verzoek om wissing: we hebben onze partners gevraagd uw gegevens te wissen
erased-subject-done = Uw persoonsgegevens zijn gewist
erased-heading-nothing = We hebben geen persoonsgegevens gevonden om te wissen
erased-heading-all-kept = Wat we hebben gevonden, moeten we volgens de wet voorlopig bewaren
erased-heading-some-kept = Uw gegevens zijn gewist, behalve wat we moeten bewaren
erased-heading-asked = We hebben onze partners gevraagd uw gegevens te wissen
erased-heading-done = Uw gegevens zijn gewist
erased-finished = We hebben uw verzoek om wissing afgerond.
erased-nothing = We hebben elk systeem doorzocht waarin we persoonsgegevens bewaren en niets gevonden dat aan dit adres is gekoppeld, dus er viel niets te wissen.
erased-what = Wat we hebben gewist
erased-kept = Wat we voorlopig moeten bewaren, en waarom
erased-kept-why = De wet verplicht ons sommige records te bewaren (AVG art. 17(3)). We gebruiken ze alleen daarvoor en verwijderen ze zodra de termijn afloopt.
erased-kept-until = Bewaard tot { $until }, daarna verwijderd.
erased-kept-between = Elk record wordt bewaard tot zijn eigen datum, tussen { $first } en { $last }, en daarna verwijderd.
erased-partners = Partners die we het hebben gevraagd
erased-partners-why = Deze partners hebben mogelijk een deel van uw gegevens in hun eigen systemen. We hebben hun gevraagd die te wissen, en ze hebben ons geantwoord:
erased-told = Wie we nog meer hebben ingelicht
erased-told-why = We hebben de andere ontvangers van uw gegevens ingelicht over het wissen (AVG art. 19):
# De regel van één plek: “Winkel — Bestellingen: 3 records verwijderd”.
erased-line-deleted = { $place }: { $count ->
    [one] { $count } record verwijderd
   *[other] { $count } records verwijderd
}
erased-line-masked = { $place }: uw persoonsgegevens verwijderd uit { $count ->
    [one] { $count } record
   *[other] { $count } records
} (wat overblijft, is niet meer tot u te herleiden)
erased-line-redacted = { $place }: de persoonsgegevens in uw klantrecord verwijderd
erased-line-erased = { $place }: { $count ->
    [one] { $count } record gewist
   *[other] { $count } records gewist
}
# Wat wordt bewaard: “Facturatie — Facturen (2 records)”.
kept-what = { $place } ({ $count ->
    [one] { $count } record
   *[other] { $count } records
})

## Correctie, beperking, bezwaar afgerond

rights-subject-corrected = Uw persoonsgegevens zijn gecorrigeerd
rights-subject-nothing-to-correct = Uw verzoek om correctie: we hebben geen records gevonden om te corrigeren
rights-subject-restricted = We hebben de verwerking van uw persoonsgegevens beperkt
rights-subject-nothing-to-restrict = Uw verzoek om beperking: we hebben geen records gevonden om te beperken
rights-subject-optout = We verkopen of delen uw persoonlijke informatie niet
rights-subject-marketing = We gebruiken uw gegevens niet meer voor direct marketing
rights-subject-objection = We hebben uw bezwaar gehonoreerd
rights-corrected = We hebben uw verzoek om uw persoonsgegevens te corrigeren afgerond.
rights-corrected-fields = We hebben uw verzoek om uw persoonsgegevens te corrigeren afgerond ({ $fields }).
rights-nothing-to-correct = We hebben elk systeem doorzocht waarin deze gegevens worden bewaard en geen record gevonden dat aan dit adres is gekoppeld, dus er viel niets te corrigeren.
rights-restricted = We hebben uw verzoek om de verwerking van uw persoonsgegevens te beperken afgerond.
rights-nothing-to-restrict = We hebben elk systeem doorzocht waarin we persoonsgegevens bewaren en geen record gevonden dat aan dit adres is gekoppeld, dus er viel niets te beperken.
rights-restricted-means = Vanaf nu bewaren we ze alleen: zonder uw toestemming gebruiken we ze op geen enkele andere manier, behalve om een rechtsvordering in te stellen, uit te oefenen of te onderbouwen, om de rechten van iemand anders te beschermen, of om gewichtige redenen van algemeen belang (AVG art. 18(2)). De beperking blijft van kracht totdat we die opheffen, en we e-mailen u voordat we dat doen (art. 18(3)).
rights-optout = We hebben uw verzoek vastgelegd: vanaf nu verkopen of delen we uw persoonlijke informatie niet (CCPA §1798.120).
rights-marketing = We hebben uw bezwaar vastgelegd: we gebruiken uw persoonsgegevens niet meer voor direct marketing (AVG art. 21(3)).
rights-objection = We hebben uw bezwaar gehonoreerd: we verwerken uw persoonsgegevens niet meer voor de doelen waartegen u bezwaar hebt gemaakt (AVG art. 21(1)).
rights-where-corrected = Waar we de correctie hebben doorgevoerd
rights-where-recorded = Waar we het hebben vastgelegd
rights-told = We hebben de partners en andere ontvangers van uw gegevens ingelicht (AVG art. 19):
# De regel van één plek: “Account — Gebruikers: 1 record”.
rights-place = { $place }: { $count ->
    [one] { $count } record
   *[other] { $count } records
}

## Voordat een beperking wordt opgeheven

lifting-subject = We heffen de beperking op uw persoonsgegevens op
lifting-intro = U hebt ons gevraagd de verwerking van uw persoonsgegevens te beperken, en dat hebben we gedaan. Nu heffen we die beperking op, en zoals AVG art. 18(3) voorschrijft, laten we u dat eerst weten.
lifting-after = Zodra de beperking is opgeheven, verwerken we uw gegevens weer zoals vóór de beperking.
lifting-follow-text = U kunt uw verzoek hier volgen:
lifting-follow-link = Volg uw verzoek op de statuspagina.
lifting-disagree = Bent u het er niet mee eens, beantwoord dan deze e-mail. U hebt ook het recht een klacht in te dienen bij een toezichthoudende autoriteit: { $authority }
lifting-footer = Dit gaat over de beperking die vanaf dit adres is aangevraagd.
