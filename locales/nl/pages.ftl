# De pagina's voor de betrokkene: het aanvraagformulier, de bevestigingspagina, de statuspagina, de foutpagina's.
# Engels is de bron van elke sleutel; andere talen vertalen ze allemaal. Waarden in { $… }
# vult het portaal in; laat ze staan. Meervoudsvormen volgen de regels van de taal zelf.

## Datums, tijden en getallen (ook gebruikt door e-mails en README.html)

date-long = { $day } { $month } { $year }
# Een tijd wordt altijd met de tijdzone vermeld.
time-long = { $date } om { $clock } UTC
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

## Elke pagina

site-name = Privacyportaal
site-name-company = Privacyportaal van { $company }
site-brand-company = { $company } · Privacy
skip-to-content = Naar de inhoud
languages-label = Taal
footer-rights = U hebt onder meer recht op een kopie van uw persoonsgegevens (AVG art. 15), op het meenemen ervan naar een andere dienst (art. 20) en op het wissen ervan (art. 17).
footer-run-by = Dit portaal wordt beheerd door { $company }.
footer-contact = Hebt u vragen of schrijft u ons liever?

## Het aanvraagformulier

index-title = Verzoek over uw gegevens
index-title-error = Fout: Verzoek over uw gegevens
index-heading = Uw persoonsgegevens
index-lead = Vraag een kopie van alles wat we over u bewaren, vraag ons het te wissen of te corrigeren, of laat ons weten dat we het niet meer mogen gebruiken. We sturen eerst een bevestigingslink naar uw adres: er gebeurt niets totdat u bevestigt.
index-email = Uw e-mailadres
index-what = Wat wilt u?
kind-access-choice = Een kopie van mijn gegevens
kind-access-hint = Een zipbestand met alles wat we over u bewaren (art. 15 en 20).
kind-erasure-choice = Mijn gegevens wissen
kind-erasure-hint = We wissen wat we mogen; wat we volgens de wet moeten bewaren (zoals facturen), bewaren we alleen zo lang als dat verplicht is (art. 17).
kind-rectification-choice = Mijn gegevens corrigeren
kind-rectification-hint = Laat ons weten wat er niet klopt en wat het moet zijn (art. 16).
kind-restriction-choice = Het gebruik van mijn gegevens beperken
kind-restriction-hint = We bewaren uw gegevens, maar gebruiken ze niet zolang u bijvoorbeeld de juistheid ervan betwist (art. 18).
kind-objection-choice = Bezwaar maken tegen het gebruik van mijn gegevens
kind-objection-hint = Tegen direct marketing, of tegen een ander doel waartegen u bezwaar hebt (art. 21).
kind-optout-choice = Mijn persoonlijke informatie niet verkopen of delen
kind-optout-hint = We stoppen met het verkopen of delen van uw persoonlijke informatie (CCPA §1798.120).
index-rectification-legend = Als u om een correctie vraagt: de juiste gegevens
index-rectification-hint = Vul alleen in wat niet klopt; laat de rest leeg.
index-restriction-legend = Als u om een beperking vraagt: waarom
ground-accuracy_contested = Ik betwist de juistheid van mijn gegevens
ground-unlawful_processing = De verwerking is onrechtmatig, en ik wil liever een beperking dan dat de gegevens worden gewist
ground-legal_claims = Ik heb de gegevens nodig om een rechtsvordering in te stellen, uit te oefenen of te onderbouwen
ground-objection_pending = Ik heb bezwaar gemaakt tegen de verwerking en wacht op het antwoord
index-objection-legend = Als u bezwaar maakt: waartegen
scope-direct-marketing = Direct marketing (we stoppen zodra u bevestigt)
scope-optout = Het verkopen of delen van mijn persoonlijke informatie
scope-other = Een ander gebruik van mijn gegevens, om redenen die met mijn eigen situatie te maken hebben (ons privacyteam weegt ze af; vermeld hieronder waarom)
index-note = Aanvullende informatie (optioneel; bij bezwaar tegen een ander gebruik: uw redenen)
index-submit = Stuur mij een bevestigingslink

## Formulierfouten

error-email-empty = Vul uw e-mailadres in.
error-email-too-long = Dit adres is te lang: een e-mailadres heeft hoogstens 254 tekens.
error-email-invalid = Dit lijkt geen e-mailadres. Controleer of er een @ en een domein in staan, zoals naam@example.com.
error-kind = Kies wat u wilt dat we doen.
error-ground = Kies een van de genoemde redenen.
error-scope = Kies een van de genoemde opties.
error-no-change = Vul voor ten minste één veld de juiste waarde in.
error-objection-note = Vertel ons waarom u bezwaar maakt: uw redenen, die verband houden met uw specifieke situatie.

## Na het formulier

sent-title = Kijk in uw inbox
sent-lead = Als het adres dat u hebt ingevuld geldig is, hebben we er een link naartoe gestuurd. Open die en klik op “{ verify-submit }” om uw verzoek te starten.
sent-expiry = { $hours ->
    [one] De link werkt één keer en verloopt over { $hours } uur.
   *[other] De link werkt één keer en verloopt over { $hours } uur.
} Had u al een openstaand verzoek van dezelfde soort, dan bevat het bericht in plaats daarvan een link naar dat verzoek.
sent-nothing = Niets ontvangen? Kijk in uw spammap, of
sent-try-again = probeer het opnieuw

## De bevestigingspagina

verify-title = Bevestig uw verzoek
verify-lead = Uw verzoek: { $kind }. Klik op de knop om te bevestigen dat het adres { $email } van u is.
verify-submit = Bevestig mijn verzoek
verify-not-you = Hebt u dit niet aangevraagd? Sluit deze pagina: zonder bevestiging gebeurt er niets.

# Wat er is gevraagd, zoals het in een zin staat.
kind-access = een kopie van uw persoonsgegevens
kind-erasure = het wissen van uw persoonsgegevens
kind-rectification = het corrigeren van uw persoonsgegevens
kind-restriction = het beperken van de verwerking van uw persoonsgegevens
kind-objection = uw bezwaar tegen de verwerking van uw persoonsgegevens

## De statuspagina

status-title = Uw verzoek
status-asked = Gevraagd
status-state = Status
status-received = Ontvangen
status-due = Antwoord uiterlijk op
status-reference = Kenmerk
status-where = Waar
status-records = Records
status-records-so-far = Records tot nu toe
status-progress-found = Wat we hebben gevonden
status-progress-collecting = Waar we verzamelen
status-progress-erasing = Waar we wissen
status-progress-changing = Waar we de wijziging doorvoeren
status-refresh = Vernieuw deze pagina
status-refresh-after = om de laatste stand te zien.
status-told-heading = Wie we nog meer hebben ingelicht
status-told-lead = Deze ontvangers van uw gegevens zijn op de hoogte gebracht van uw verzoek (AVG art. 19):
status-cancel-lead = Van gedachten veranderd? U kunt annuleren zolang we nog niet zijn begonnen.
status-cancel = Annuleer mijn verzoek
status-private = Houd het adres van deze pagina voor uzelf: iedereen die het heeft, kan dit verzoek zien.

# De regel van één plek terwijl het werk loopt.
step-done = klaar
step-failed = vertraagd, we zijn ermee bezig
step-waiting = aan een partner gevraagd, we wachten op antwoord
step-pending = nog niet begonnen
step-collecting = bezig met verzamelen
step-erasing = bezig met wissen
step-unknown-count = onbekend

# Wanneer het antwoord uiterlijk komt: “(over 31 dagen)”.
due-when = { $days ->
    [0] vandaag
    [1] morgen
   *[other] over { $days } dagen
}
# Wordt gezegd zodra de termijn is verstreken; $then is wat er daarna gebeurt, als er iets gebeurt.
due-late = { $then }Ons antwoord had er uiterlijk op { $due } moeten zijn: we zijn te laat en antwoorden zo snel mogelijk.

badge-unverified = Wacht op u
badge-review = Wordt beoordeeld
badge-scheduled = Gepland
badge-processing = In behandeling
badge-failed = Vertraagd
badge-done = Afgerond
badge-expired = Verlopen
badge-cancelled = Geannuleerd
badge-rejected = Afgewezen
badge-lifted = Opgeheven
badge-in-force = Van kracht

story-unverified-heading = Bevestig uw e-mailadres
story-unverified-said = We hebben u een e-mail gestuurd met een bevestigingslink. Er gebeurt niets totdat u die opent en bevestigt.
story-unverified-next = Zodra u bevestigt, begint de wettelijke termijn voor ons antwoord.
story-review-heading = We beoordelen uw verzoek
story-review-said = Uw adres is bevestigd. Ons privacyteam controleert elk verzoek van deze soort voordat we beginnen.
story-review-by = We antwoorden uiterlijk op { $due } ({ $when }).
story-scheduled-heading = Het wissen van uw gegevens is gepland
story-scheduled-said = We beginnen op { $starts } met het wissen van uw gegevens. Tot dan kunt u annuleren.
story-scheduled-said-soon = We beginnen binnenkort met het wissen van uw gegevens. Tot dan kunt u annuleren.
story-scheduled-by = We e-mailen u wanneer het klaar is, uiterlijk op { $due } ({ $when }).
story-scheduled-then = We e-mailen u wanneer het klaar is.{ " " }
story-rectification-processing-heading = We corrigeren uw gegevens
story-restriction-processing-heading = We beperken het gebruik van uw gegevens
story-objection-processing-heading = We leggen uw bezwaar vast
story-changing-said = We voeren de wijziging door in elk van onze systemen en laten het weten aan de partners die uw gegevens hebben.
story-changing-by = We e-mailen u wat we hebben gewijzigd en wie we hebben ingelicht, uiterlijk op { $due } ({ $when }).
story-changing-then = We e-mailen u wat we hebben gewijzigd en wie we hebben ingelicht.{ " " }
story-collecting-heading = We verzamelen uw gegevens
story-collecting-said = We brengen wat elk van onze systemen over u bewaart samen in één archief.
story-collecting-by = We e-mailen u een downloadlink zodra het archief klaar is, uiterlijk op { $due } ({ $when }).
story-collecting-then = We e-mailen u een downloadlink zodra het archief klaar is.{ " " }
story-erasing-heading = We wissen uw gegevens
story-erasing-said = We wissen uw gegevens uit elk van onze systemen.
story-erasing-by = We e-mailen u wat we hebben gewist en wat we volgens de wet moeten bewaren, uiterlijk op { $due } ({ $when }).
story-erasing-then = We e-mailen u wat we hebben gewist en wat we volgens de wet moeten bewaren.{ " " }
story-failed-heading = Uw verzoek is vertraagd
story-failed-said = Er ging iets mis in een van onze systemen terwijl we aan uw verzoek werkten, waardoor we het nog niet konden afronden. Ons privacyteam is op de hoogte; zodra het is opgelost, gaan we verder. Uw verzoek is niet verloren gegaan.
story-failed-by = We antwoorden nog steeds uiterlijk op { $due } ({ $when }).
story-ready-heading = Ons antwoord staat klaar
story-ready-next = We hebben u een downloadlink gemaild naar een archief met wat we hebben gevonden; de link werkt tot { $until }. Zoek naar onze e-mail, ook in uw spammap.
story-answered-heading = We hebben uw verzoek beantwoord
story-answered-next = De downloadlink die we u hebben gemaild, is verlopen; op dat moment verwijderen we ook het archief. Hebt u nog een kopie nodig, dien dan een nieuw verzoek in.
story-searched-said = We hebben op { $on } onze systemen helemaal doorzocht op uw gegevens.
story-searched-said-undated = We hebben onze systemen helemaal doorzocht op uw gegevens.
story-erased-heading = Uw verzoek om wissing is afgerond
story-erased-said = We hebben uw verzoek om wissing op { $on } afgerond.
story-erased-said-undated = We hebben uw verzoek om wissing afgerond.
story-erased-next = We hebben u ons antwoord gemaild: wat we hebben gevonden en gewist, wat we volgens de wet moeten bewaren en tot wanneer, en wie we nog meer hebben ingelicht. Zoek naar onze e-mail, ook in uw spammap.
story-expired-heading = Dit verzoek is verlopen
story-expired-said = De bevestigingslink is niet op tijd geopend, dus we hebben niets gedaan.
story-new-request = U kunt op elk moment een nieuw verzoek indienen.
story-cancelled-heading = Dit verzoek is geannuleerd
story-cancelled-said = We zijn gestopt voordat we iets hadden gedaan, en doen er verder niets meer mee.
story-rejected-heading = We hebben dit verzoek afgewezen
story-rejected-said = We hebben u de reden gemaild, en hoe u een klacht kunt indienen als u het er niet mee eens bent.
story-changed-emailed = We hebben u gemaild wat we waar hebben gewijzigd, en wie we nog meer hebben ingelicht. Zoek naar onze e-mail, ook in uw spammap.
story-lifted-heading = De beperking is opgeheven
story-lifted-said = We hebben het gebruik van uw gegevens op { $on } beperkt, en de beperking inmiddels opgeheven.
story-lifted-said-undated = We hebben het gebruik van uw gegevens beperkt, en de beperking inmiddels opgeheven.
story-lifted-next = Voordat we de beperking ophieven, hebben we u gemaild waarom. Bent u het er niet mee eens, beantwoord dan die e-mail.
story-restricted-heading = Het gebruik van uw gegevens is beperkt
story-restricted-said = We hebben het gebruik van uw gegevens op { $on } beperkt. Dat blijft zo totdat we de beperking opheffen.
story-restricted-said-undated = We hebben het gebruik van uw gegevens beperkt. Dat blijft zo totdat we de beperking opheffen.
story-restricted-next = { story-changed-emailed } Als we de beperking ooit opheffen, e-mailen we u eerst.
story-corrected-heading = Uw correctie is afgerond
story-corrected-said = We hebben het corrigeren van uw gegevens op { $on } afgerond.
story-corrected-said-undated = We hebben het corrigeren van uw gegevens afgerond.
story-objection-heading = Uw bezwaar is vastgelegd
story-objection-said = We hebben uw bezwaar op { $on } vastgelegd; het geldt vanaf dat moment.
story-objection-said-undated = We hebben uw bezwaar vastgelegd; het geldt vanaf dat moment.

## Foutpagina's

error-new-request = Nieuw verzoek indienen
error-not-found-title = Link niet gevonden
error-not-found = We konden deze pagina niet vinden. Als u een link uit een e-mail hebt gevolgd, is die misschien onvolledig: kopieer de hele link, of begin een nieuw verzoek.
error-expired-title = Deze link is verlopen
error-expired = Voor uw veiligheid werken links maar een beperkte tijd. U kunt een nieuw verzoek beginnen; dat duurt maar een minuut.
error-used-title = Deze link is al gebruikt
error-used = Elke bevestigingslink werkt één keer. Hebt u al bevestigd, dan hebben we u een link gemaild waarmee u uw verzoek kunt volgen.
error-confirmed-title = Al bevestigd
error-confirmed = Dit verzoek is al bevestigd. We hebben u een link gemaild om het te volgen.
error-closed-title = Dit verzoek is al afgerond
error-closed = Er valt niets meer te bevestigen: dit verzoek is beantwoord, afgewezen of geannuleerd. Ons antwoord (een downloadlink, of wat we hebben gewist) of de reden van de afwijzing staat in de e-mail die we u toen hebben gestuurd; kijk ook in uw spammap.
error-bad-form-title = Er klopt iets niet met dit formulier
error-form-expired-title = Dit formulier is verlopen
error-form-expired = Dit formulier is verlopen of is in een ander venster geopend. Ga terug, laad de pagina opnieuw en probeer het nog eens.
error-conflict-title = Dit kan nu niet
error-changed-meanwhile = Dit verzoek is intussen gewijzigd. Laad de pagina opnieuw om de huidige stand te zien.
error-cannot-change = Dit verzoek kan nu niet worden gewijzigd.
error-too-large-title = Te veel gegevens
error-too-large = Het formulier heeft meer gegevens verstuurd dan we accepteren.
error-ours-title = Er ging bij ons iets mis
error-ours = Er is niets gewijzigd. Probeer het over een paar minuten opnieuw.
too-many-title = Te veel verzoeken
too-many-lead = U hebt in korte tijd veel verzoeken verstuurd.
too-many-wait = Probeer het over { $wait } opnieuw.
too-many-wait-unknown = Wacht een paar minuten en probeer het opnieuw.
wait-seconds = { $n ->
    [one] { $n } seconde
   *[other] { $n } seconden
}
wait-about-seconds = ongeveer { $n } seconden
wait-minutes = { $n ->
    [one] { $n } minuut
   *[other] { $n } minuten
}
wait-hours = { $n ->
    [one] { $n } uur
   *[other] { $n } uur
}
