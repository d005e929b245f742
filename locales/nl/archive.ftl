# README.html van het archief dat de betrokkene downloadt: wat erin staat, wat we volgens de wet
# moeten bewaren, en de informatie die AVG art. 15(1) vraagt.

readme-title = Uw persoonsgegevens — { $controller }
readme-heading = Uw persoonsgegevens
readme-intro = Dit archief beantwoordt uw verzoek { $request } om een kopie van uw persoonsgegevens (AVG art. 15 en 20), voor het adres { $email }.
readme-made-by = { $company } heeft het op { $date } samengesteld.
readme-made = We hebben het op { $date } samengesteld.
readme-questions = Vragen hierover? Schrijf naar
readme-nothing-heading = We bewaren geen persoonsgegevens over u
readme-nothing = We hebben elk hieronder vermeld systeem doorzocht en geen record gevonden dat aan uw adres is gekoppeld, en er is ook niets over u dat we volgens de wet moeten bewaren. Dit archief bevestigt dat, zoals art. 15 vereist.
readme-kept-heading = Records die we volgens de wet moeten bewaren
readme-kept-intro = Toen we uw gegevens wisten, moesten we deze records volgens de wet nog een tijd bewaren (AVG art. 17(3)). We gebruiken ze alleen daarvoor en verwijderen ze zodra de termijn afloopt.
readme-kept-count = { $count ->
    [one] { $count } record, bewaard sinds { $since }.
   *[other] { $count } records, bewaard sinds { $since }.
}
readme-kept-until = Bewaard tot { $until }.
readme-kept-between = Elk record wordt bewaard tot zijn eigen datum, tussen { $first } en { $last }.
readme-kept-not-copied = We konden er geen kopie van aan dit archief toevoegen.
readme-kept-copied = Een kopie ervan zit in dit archief:
readme-kept-and = en
readme-kept-still-yours = Het blijven uw persoonsgegevens, dus dit archief bevat er een kopie van, hieronder per systeem vermeld als “wettelijk verplicht bewaard”.
readme-kept-ask-copy = Voor een kopie van de records die niet in het archief konden worden opgenomen, schrijft u naar
readme-kept-ask-copy-reply = Voor een kopie van de records die niet in het archief konden worden opgenomen, beantwoordt u de e-mail waarmee u dit archief hebt ontvangen.
readme-run-heading = Records die we mogelijk volgens de wet moeten bewaren
readme-run-intro = Op { $date } hebben we uw gegevens volgens onze bewaarregels gewist, samen met die van andere mensen. De wet verplicht ons sommige soorten records ook na het wissen nog een tijd te bewaren (AVG art. 17(3)); als daar records van u bij zijn, gebruiken we ze alleen daarvoor en verwijderen we ze zodra de termijn afloopt:
readme-run-until = Bewaard tot uiterlijk { $until }.
readme-run-ask = Schrijf ons, dan laten we u weten welke van u zijn en sturen we u een kopie:
readme-run-ask-reply = Beantwoord de e-mail waarmee u dit archief hebt ontvangen, dan laten we u weten welke van u zijn en sturen we u een kopie.
readme-contents-heading = Wat er in dit archief staat
readme-contents = Elke map is een van onze systemen. Databasetabellen staan erin als .csv (te openen in een spreadsheet) en als .json (om mee te nemen naar een andere dienst); manifest.json vermeldt elk bestand met het aantal rijen en de SHA-256-controlesom.
readme-contents-kept = Bestanden waarvan de naam eindigt op “(kept)”, Engels voor “bewaard”, bevatten de records die we volgens de wet moeten bewaren.
readme-partner = een partner die we per e-mail om uw gegevens hebben gevraagd
readme-partner-intro = Het systeem van deze partner is niet met het onze verbonden, dus hebben we de partner zelf om uw gegevens gevraagd.
readme-partner-answer = Hun antwoord: “{ $note }”
readme-partner-no-files = Ze hebben geen bestanden gestuurd.
readme-partner-files = De bestanden die ze hebben gestuurd:
readme-store-records = { $count ->
    [one] { $count } record; map { $folder }
   *[other] { $count } records; map { $folder }
}
readme-table-kept = (wettelijk verplicht bewaard)
readme-table-records = { $count ->
    [one] { $count } record
   *[other] { $count } records
}
readme-table-kept-why = die we volgens de wet moeten bewaren nadat uw gegevens zijn gewist (zie hierboven)
readme-table-first = { $label }: de eerste records
readme-table-more = De eerste { $shown } van { $count }; ze staan allemaal in de bestanden.
readme-about-heading = Over deze verwerking (art. 15(1))
readme-controller = Verwerkingsverantwoordelijke:
readme-controller-default = het bedrijf dat dit portaal beheert
readme-purposes = Doeleinden:
readme-categories = Categorieën van gegevens:
readme-recipients = Ontvangers:
readme-retention = Hoe lang we ze bewaren:
readme-retention-default = zo lang als nodig is voor de bovenstaande doeleinden, en zo lang als de wet voorschrijft.
readme-source = Waar ze vandaan komen:
readme-source-default = van u, en uit uw gebruik van onze dienst.
readme-automated = Geautomatiseerde besluitvorming, waaronder profilering:
readme-automated-default = geen.
readme-rights = Uw rechten:
readme-rights-text = u kunt ons vragen uw gegevens te corrigeren (art. 16) of te wissen (art. 17) of de verwerking ervan te beperken (art. 18), en u kunt bezwaar maken tegen de verwerking (art. 21). U kunt deze gegevens meenemen naar een andere dienst (art. 20).
readme-complaints = Klachten:
readme-complaints-text = u hebt het recht een klacht in te dienen bij een toezichthoudende autoriteit (art. 77).
