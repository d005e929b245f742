# Die E-Mails, die eine betroffene Person erhält. Jede hat eine Betreffzeile, einen Textteil und einen HTML-Teil, die
# diese Sätze gemeinsam nutzen. { $kind } ist das Anliegen (die Texte kind-… aus pages.ftl).

email-hello = Guten Tag,
email-button-fallback = Oder kopieren Sie diesen Link in Ihren Browser:
email-company-contact = { $company }, { $contact }
email-questions = Fragen? Schreiben Sie an { $contact }
email-complain = Sie haben das Recht, Beschwerde bei einer Aufsichtsbehörde zu erheben und einen gerichtlichen Rechtsbehelf einzulegen (DSGVO Art. 12 Abs. 4, Art. 77 und Art. 79).
email-wrong = Wenn Sie meinen, dass uns ein Fehler unterlaufen ist, antworten Sie auf diese E-Mail. Sie haben außerdem das Recht, Beschwerde bei einer Aufsichtsbehörde zu erheben: { $authority }
email-authority-default = die Datenschutzaufsichtsbehörde an Ihrem Wohn- oder Arbeitsort.
email-keep-link = Geben Sie diesen Link nicht weiter: Jeder, der ihn hat, kann den Status Ihrer Anfrage sehen.
email-new-request = Sie können jederzeit eine neue Anfrage stellen: { $link }
email-reason = Grund:
email-footer-unasked = Sie erhalten diese E-Mail, weil jemand diese Adresse in unserem Datenschutzportal eingegeben hat. Wenn Sie das nicht waren, ignorieren Sie diese Nachricht: Ohne Bestätigung passiert nichts.
email-footer-confirmed = Sie erhalten diese E-Mail wegen einer bestätigten Datenschutzanfrage für diese Adresse.
email-footer-about = Sie erhalten diese E-Mail zu einer bestätigten Datenschutzanfrage für diese Adresse.
email-footer-answer = Dies ist unsere Antwort auf die bestätigte Anfrage für diese Adresse. Bewahren Sie sie für Ihre Unterlagen auf.
email-footer-erasure = Dies ist unsere Antwort auf die bestätigte Löschanfrage für diese Adresse. Bewahren Sie sie für Ihre Unterlagen auf.

## Adresse bestätigen

verify-subject = Bestätigen Sie Ihre Datenschutzanfrage
verify-again = Sie haben bereits eine offene Anfrage mit folgendem Anliegen: { $kind }. Hier ist ein neuer Link, um sie zu bestätigen.
verify-received = Wir haben eine Anfrage mit folgendem Anliegen erhalten: { $kind }.
verify-how-text = Um zu bestätigen, dass diese Adresse Ihnen gehört, öffnen Sie diesen Link und klicken Sie auf „{ verify-submit }“:
verify-how-html = Um zu bestätigen, dass diese Adresse Ihnen gehört, öffnen Sie den folgenden Link und klicken Sie auf „{ verify-submit }“.
verify-button = Bestätigungsseite öffnen
verify-expires = Der Link funktioniert nur einmal und läuft am { $expires } ab.
reminder-subject = Erinnerung: Bestätigen Sie Ihre Datenschutzanfrage
reminder-heading = Bitte bestätigen Sie Ihre Anfrage
reminder-asked = Ihr Anliegen: { $kind }. Sie haben diese Anfrage aber noch nicht bestätigt.
reminder-expires = Wenn die Anfrage nicht bestätigt wird, verfällt sie am { $expires }. Dies ist die einzige Erinnerung.

## Bestätigt oder bereits offen

confirmed-subject = Ihre Datenschutzanfrage ist bestätigt
confirmed-heading = Ihre Anfrage ist bestätigt
confirmed-thanks = Vielen Dank: Ihre Anfrage ist bestätigt. Ihr Anliegen: { $kind }.
confirmed-due = Wir antworten spätestens am { $due }.
confirmed-follow = Hier können Sie den Fortschritt verfolgen oder die Anfrage abbrechen, solange das noch möglich ist:
email-see-request = Ihre Anfrage ansehen
existing-subject = Sie haben bereits eine offene Datenschutzanfrage
existing-heading = Ihre Anfrage ist bereits offen
existing-again = Sie haben erneut eine Anfrage mit folgendem Anliegen gestellt: { $kind }. Dafür ist bereits eine Anfrage offen, deshalb haben wir keine zweite eröffnet.
existing-late = Unsere Antwort war bis zum { $due } fällig: Wir sind im Verzug und antworten so bald wie möglich.
existing-due = Wir beantworten die Anfrage spätestens am { $due }.
existing-follow = Hier können Sie sie verfolgen:
existing-footer = Sie erhalten diese E-Mail, weil jemand von dieser Adresse aus erneut eine Anfrage gestellt hat, die bereits offen ist. Es wurde nichts Neues begonnen.

## Abgelehnt oder mehr Zeit

rejected-subject = Ihre Datenschutzanfrage wurde abgelehnt
rejected-heading = Ihre Anfrage wurde abgelehnt
rejected-reason = Ihr Anliegen: { $kind }. Wir haben diese Anfrage aus folgendem Grund abgelehnt:
extended-subject = Ihre Datenschutzanfrage: Wir brauchen mehr Zeit
extended-heading = Wir brauchen mehr Zeit
extended-reason = Ihr Anliegen: { $kind }. Um Ihre Anfrage zu beantworten, brauchen wir aus folgendem Grund mehr Zeit:
extended-law = Das Gesetz erlaubt eine einmalige Verlängerung, wenn eine Anfrage komplex ist oder wir viele Anfragen erhalten ({ $basis }). Wir antworten spätestens am { $extended } statt am { $due }.
# Die Rechtsgrundlage der Verlängerung, als $basis oben.
basis-gdpr = DSGVO Art. 12 Abs. 3
basis-uk = UK GDPR Art. 12 Abs. 3
basis-ccpa = CCPA, Cal. Civ. Code §1798.130(a)(2)

## Das Archiv ist bereit

ready-subject = Ihre Antwort steht zum Download bereit
ready-heading = Ihre Antwort ist bereit
ready-intro = Unsere Antwort auf Ihre Anfrage nach einer Kopie Ihrer Daten ist bereit: ein Archiv mit den personenbezogenen Daten, die wir über Sie gespeichert haben (falls wir keine haben, steht das darin).
ready-download = Hier können Sie es herunterladen:
ready-button = Meine Daten herunterladen
ready-until = Der Link funktioniert bis zum { $expires }.
ready-covers = Das Archiv umfasst diese Systeme: { $stores }.
ready-readme = Es enthält eine Datei README.html, die erklärt, was darin steht und welche Rechte Sie haben.
ready-keep = Geben Sie diesen Link nicht weiter: Jeder, der ihn hat, kann Ihre Daten herunterladen.
ready-footer = Sie erhalten diese E-Mail wegen einer bestätigten Anfrage nach einer Kopie der Daten, die wir zu dieser Adresse gespeichert haben.

## Die Löschung ist erledigt

erased-subject-nothing = Ihre Löschanfrage: Wir haben keine personenbezogenen Daten zum Löschen gefunden
erased-subject-all-kept = Ihre Löschanfrage: Was wir gefunden haben, müssen wir vorerst gesetzlich aufbewahren
erased-subject-some-kept = Ihre personenbezogenen Daten wurden gelöscht, bis auf Einträge, die wir gesetzlich aufbewahren müssen
erased-subject-asked = Ihre Löschanfrage: Wir haben unsere Partner gebeten, Ihre Daten zu löschen
erased-subject-done = Ihre personenbezogenen Daten wurden gelöscht
erased-heading-nothing = Wir haben keine personenbezogenen Daten zum Löschen gefunden
erased-heading-all-kept = Was wir gefunden haben, müssen wir vorerst gesetzlich aufbewahren
erased-heading-some-kept = Ihre Daten wurden gelöscht, bis auf das, was wir aufbewahren müssen
erased-heading-asked = Wir haben unsere Partner gebeten, Ihre Daten zu löschen
erased-heading-done = Ihre Daten wurden gelöscht
erased-finished = Wir haben Ihre Löschanfrage abgeschlossen.
erased-nothing = Wir haben jedes System durchsucht, in dem wir personenbezogene Daten speichern, und nichts gefunden, was mit dieser Adresse verknüpft ist. Es gab also nichts zu löschen.
erased-what = Was wir gelöscht haben
erased-kept = Was wir vorerst aufbewahren müssen, und warum
erased-kept-why = Das Gesetz verpflichtet uns, bestimmte Einträge aufzubewahren (DSGVO Art. 17 Abs. 3). Wir verwenden sie nur zu diesem Zweck und löschen sie, wenn die Frist endet.
erased-kept-until = Aufbewahrt bis zum { $until }, danach gelöscht.
erased-kept-between = Jeder Eintrag wird bis zu seinem eigenen Datum aufbewahrt, zwischen dem { $first } und dem { $last }, und danach gelöscht.
erased-partners = Partner, die wir um Löschung gebeten haben
erased-partners-why = Diese Partner haben möglicherweise einen Teil Ihrer Daten in ihren eigenen Systemen. Wir haben sie um Löschung gebeten, und sie haben uns geantwortet:
erased-told = Wen wir außerdem informiert haben
erased-told-why = Die anderen Empfänger Ihrer Daten haben wir über die Löschung informiert (DSGVO Art. 19):
# Die Zeile eines Systems: „Shop — Bestellungen: 3 Einträge gelöscht“.
erased-line-deleted = { $place }: { $count ->
    [one] { $count } Eintrag gelöscht
   *[other] { $count } Einträge gelöscht
}
erased-line-masked = { $place }: Ihre personenbezogenen Angaben aus { $count ->
    [one] { $count } Eintrag
   *[other] { $count } Einträgen
} entfernt (was übrig bleibt, lässt sich Ihnen nicht mehr zuordnen)
erased-line-redacted = { $place }: personenbezogene Angaben aus Ihrem Kundendatensatz entfernt
erased-line-erased = { $place }: { $count ->
    [one] { $count } Eintrag gelöscht
   *[other] { $count } Einträge gelöscht
}
# Was aufbewahrt wird: „Buchhaltung — Rechnungen (2 Einträge)“.
kept-what = { $place } ({ $count ->
    [one] { $count } Eintrag
   *[other] { $count } Einträge
})

## Berichtigung, Einschränkung, Widerspruch erledigt

rights-subject-corrected = Ihre personenbezogenen Daten wurden berichtigt
rights-subject-nothing-to-correct = Ihre Anfrage auf Berichtigung: Wir haben keine Einträge gefunden, die zu berichtigen wären
rights-subject-restricted = Wir haben die Verarbeitung Ihrer personenbezogenen Daten eingeschränkt
rights-subject-nothing-to-restrict = Ihre Anfrage auf Einschränkung: Wir haben keine Einträge gefunden, die einzuschränken wären
rights-subject-optout = Wir werden Ihre personenbezogenen Daten nicht verkaufen oder weitergeben
rights-subject-marketing = Wir nutzen Ihre Daten nicht mehr für Direktwerbung
rights-subject-objection = Wir haben Ihrem Widerspruch stattgegeben
rights-corrected = Wir haben Ihre Anfrage auf Berichtigung Ihrer personenbezogenen Daten abgeschlossen.
rights-corrected-fields = Wir haben Ihre Anfrage auf Berichtigung Ihrer personenbezogenen Daten abgeschlossen ({ $fields }).
rights-nothing-to-correct = Wir haben jedes System durchsucht, in dem diese Angaben gespeichert werden, und keinen Eintrag gefunden, der mit dieser Adresse verknüpft ist. Es gab also nichts zu berichtigen.
rights-restricted = Wir haben Ihre Anfrage auf Einschränkung der Verarbeitung Ihrer personenbezogenen Daten abgeschlossen.
rights-nothing-to-restrict = Wir haben jedes System durchsucht, in dem wir personenbezogene Daten speichern, und keinen Eintrag gefunden, der mit dieser Adresse verknüpft ist. Es gab also nichts einzuschränken.
rights-restricted-means = Ab jetzt speichern wir sie nur noch: Ohne Ihre Einwilligung nutzen wir sie auf keine andere Weise, außer zur Geltendmachung, Ausübung oder Verteidigung von Rechtsansprüchen, zum Schutz der Rechte einer anderen Person oder aus Gründen eines wichtigen öffentlichen Interesses (DSGVO Art. 18 Abs. 2). Die Einschränkung gilt, bis wir sie aufheben, und bevor wir das tun, informieren wir Sie per E-Mail (Art. 18 Abs. 3).
rights-optout = Wir haben Ihre Anfrage erfasst: Ab jetzt verkaufen wir Ihre personenbezogenen Daten nicht mehr und geben sie nicht mehr weiter (CCPA §1798.120).
rights-marketing = Wir haben Ihren Widerspruch erfasst: Wir nutzen Ihre personenbezogenen Daten nicht mehr für Direktwerbung (DSGVO Art. 21 Abs. 3).
rights-objection = Wir haben Ihrem Widerspruch stattgegeben: Wir verarbeiten Ihre personenbezogenen Daten nicht mehr für die Zwecke, denen Sie widersprochen haben (DSGVO Art. 21 Abs. 1).
rights-where-corrected = Wo wir sie berichtigt haben
rights-where-recorded = Wo wir das vermerkt haben
rights-told = Wir haben die Partner und die anderen Empfänger Ihrer Daten informiert (DSGVO Art. 19):
# Die Zeile eines Systems: „Konto — Benutzer: 1 Eintrag“.
rights-place = { $place }: { $count ->
    [one] { $count } Eintrag
   *[other] { $count } Einträge
}

## Bevor eine Einschränkung aufgehoben wird

lifting-subject = Wir heben die Einschränkung der Verarbeitung Ihrer personenbezogenen Daten auf
lifting-intro = Sie haben uns gebeten, die Verarbeitung Ihrer personenbezogenen Daten einzuschränken, und das haben wir getan. Jetzt heben wir diese Einschränkung auf und informieren Sie vorher darüber, wie es die DSGVO in Art. 18 Abs. 3 verlangt.
lifting-after = Sobald sie aufgehoben ist, verarbeiten wir Ihre Daten wieder so wie vor der Einschränkung.
lifting-follow-text = Hier können Sie Ihre Anfrage verfolgen:
lifting-follow-link = Verfolgen Sie Ihre Anfrage auf ihrer Statusseite.
lifting-disagree = Wenn Sie nicht einverstanden sind, antworten Sie auf diese E-Mail. Sie haben außerdem das Recht, Beschwerde bei einer Aufsichtsbehörde zu erheben: { $authority }
lifting-footer = Diese E-Mail betrifft die Einschränkung, die für diese Adresse angefragt wurde.
