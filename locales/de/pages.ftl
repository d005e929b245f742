# Die Seiten für betroffene Personen: das Anfrageformular, die Bestätigungsseite, die Statusseite, die Fehlerseiten.
# Englisch ist die Quelle aller Schlüssel; andere Sprachen übersetzen jeden einzelnen. Werte in { $… }
# setzt das Portal ein; behalten Sie sie bei. Pluralformen folgen den Regeln der jeweiligen Sprache.

## Datum, Uhrzeit und Zahlen (auch in E-Mails und README.html verwendet)

date-long = { $day }. { $month } { $year }
# Eine Uhrzeit wird immer mit ihrer Zeitzone angegeben.
time-long = { $date } um { $clock } Uhr UTC
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Jede Seite

site-name = Datenschutzportal
site-name-company = Datenschutzportal von { $company }
site-brand-company = { $company } · Datenschutz
skip-to-content = Zum Inhalt springen
languages-label = Sprache
footer-rights = Sie haben unter anderem das Recht auf eine Kopie Ihrer personenbezogenen Daten (DSGVO Art. 15), auf deren Übertragung an einen anderen Dienst (Art. 20) und auf ihre Löschung (Art. 17).
footer-run-by = Dieses Portal wird von { $company } betrieben.
footer-contact = Fragen, oder schreiben Sie uns lieber?

## Das Anfrageformular

index-title = Anfrage zu Ihren Daten
index-title-error = Fehler: Anfrage zu Ihren Daten
index-heading = Ihre personenbezogenen Daten
index-lead = Fordern Sie eine Kopie von allem an, was wir über Sie gespeichert haben, lassen Sie es löschen oder berichtigen, oder verlangen Sie, dass wir es nicht mehr nutzen. Zuerst schicken wir einen Bestätigungslink an Ihre Adresse: Solange Sie nicht bestätigen, passiert nichts.
index-email = Ihre E-Mail-Adresse
index-what = Was möchten Sie?
kind-access-choice = Eine Kopie meiner Daten
kind-access-hint = Eine ZIP-Datei mit allem, was wir über Sie gespeichert haben (Art. 15 und 20).
kind-erasure-choice = Meine Daten löschen
kind-erasure-hint = Wir löschen, was wir löschen dürfen; was wir gesetzlich aufbewahren müssen (etwa Rechnungen), bewahren wir nur so lange auf wie vorgeschrieben (Art. 17).
kind-rectification-choice = Meine Daten berichtigen
kind-rectification-hint = Sagen Sie uns, was falsch ist und wie es richtig lautet (Art. 16).
kind-restriction-choice = Die Nutzung meiner Daten einschränken
kind-restriction-hint = Wir behalten Ihre Daten, nutzen sie aber nicht, solange Sie zum Beispiel ihre Richtigkeit bestreiten (Art. 18).
kind-objection-choice = Meine Daten nicht mehr nutzen
kind-objection-hint = Für Direktwerbung oder für einen anderen Zweck, dem Sie widersprechen (Art. 21).
kind-optout-choice = Meine personenbezogenen Daten nicht verkaufen oder weitergeben
kind-optout-hint = Wir verkaufen Ihre personenbezogenen Daten nicht mehr und geben sie nicht mehr weiter (CCPA §1798.120).
index-rectification-legend = Wenn Sie eine Berichtigung wünschen: die richtigen Angaben
index-rectification-hint = Füllen Sie nur aus, was falsch ist; lassen Sie den Rest leer.
index-restriction-legend = Wenn Sie eine Einschränkung wünschen: warum
ground-accuracy_contested = Ich bestreite die Richtigkeit meiner Daten
ground-unlawful_processing = Die Verarbeitung ist unrechtmäßig, und ich möchte sie einschränken statt die Daten löschen zu lassen
ground-legal_claims = Ich brauche die Daten, um Rechtsansprüche geltend zu machen, auszuüben oder zu verteidigen
ground-objection_pending = Ich habe der Verarbeitung widersprochen und warte auf die Antwort
index-objection-legend = Wenn Sie widersprechen: wogegen
scope-direct-marketing = Direktwerbung (wir hören damit auf, sobald Sie bestätigen)
scope-optout = Verkauf oder Weitergabe meiner personenbezogenen Daten
scope-other = Eine andere Nutzung meiner Daten, aus Gründen, die sich aus meiner besonderen Situation ergeben (unser Datenschutzteam wägt sie ab; nennen Sie sie bitte unten)
index-note = Möchten Sie noch etwas ergänzen? (optional; bei einem Widerspruch gegen eine andere Nutzung: Ihre Gründe)
index-submit = Bestätigungslink anfordern

## Formularfehler

error-email-empty = Geben Sie Ihre E-Mail-Adresse ein.
error-email-too-long = Diese Adresse ist zu lang: Eine E-Mail-Adresse hat höchstens 254 Zeichen.
error-email-invalid = Das sieht nicht wie eine E-Mail-Adresse aus. Prüfen Sie, ob sie ein @ und eine Domain enthält, etwa name@example.com.
error-kind = Wählen Sie aus, was wir für Sie tun sollen.
error-ground = Wählen Sie einen der aufgeführten Gründe.
error-scope = Wählen Sie eine der aufgeführten Möglichkeiten.
error-no-change = Geben Sie für mindestens ein Feld den richtigen Wert an.
error-objection-note = Sagen Sie uns, warum Sie widersprechen: Ihre Gründe, die sich aus Ihrer besonderen Situation ergeben.

## Nach dem Formular

sent-title = Sehen Sie in Ihr Postfach
sent-lead = Wenn die eingegebene Adresse gültig ist, haben wir einen Link an sie geschickt. Öffnen Sie ihn und klicken Sie auf „{ verify-submit }“, um Ihre Anfrage zu starten.
sent-expiry = { $hours ->
    [one] Der Link funktioniert nur einmal und ist { $hours } Stunde gültig.
   *[other] Der Link funktioniert nur einmal und ist { $hours } Stunden gültig.
} Wenn Sie bereits eine offene Anfrage derselben Art hatten, enthält die E-Mail stattdessen einen Link zu dieser Anfrage.
sent-nothing = Nichts angekommen? Sehen Sie in Ihrem Spam-Ordner nach oder
sent-try-again = versuchen Sie es noch einmal

## Die Bestätigungsseite

verify-title = Bestätigen Sie Ihre Anfrage
verify-lead = Ihr Anliegen: { $kind }. Klicken Sie auf die Schaltfläche, um zu bestätigen, dass die Adresse { $email } Ihnen gehört.
verify-submit = Meine Anfrage bestätigen
verify-not-you = Sie haben das nicht angefragt? Schließen Sie diese Seite: Ohne Bestätigung passiert nichts.

# Was angefragt wurde, so wie es in einem Satz steht (im Nominativ).
kind-access = eine Kopie Ihrer personenbezogenen Daten
kind-erasure = die Löschung Ihrer personenbezogenen Daten
kind-rectification = die Berichtigung Ihrer personenbezogenen Daten
kind-restriction = die Einschränkung der Verarbeitung Ihrer personenbezogenen Daten
kind-objection = Ihr Widerspruch gegen die Verarbeitung Ihrer personenbezogenen Daten

## Die Statusseite

status-title = Ihre Anfrage
status-asked = Ihr Anliegen
status-state = Status
status-received = Eingegangen am
status-due = Antwort spätestens am
status-reference = Vorgangsnummer
status-where = Wo
status-records = Einträge
status-records-so-far = Einträge bisher
status-progress-found = Was wir gefunden haben
status-progress-collecting = Wo wir Ihre Daten zusammentragen
status-progress-erasing = Wo wir Ihre Daten löschen
status-progress-changing = Wo wir die Änderung vornehmen
status-refresh = Aktualisieren Sie diese Seite
status-refresh-after = für den neuesten Stand.
status-told-heading = Wen wir außerdem informiert haben
status-told-lead = Diese Empfänger Ihrer Daten haben wir über Ihre Anfrage informiert (DSGVO Art. 19):
status-cancel-lead = Sie haben es sich anders überlegt? Solange wir noch nicht begonnen haben, können Sie Ihre Anfrage abbrechen.
status-cancel = Meine Anfrage abbrechen
status-private = Geben Sie die Adresse dieser Seite nicht weiter: Jeder, der sie kennt, kann diese Anfrage sehen.

# Die Zeile eines Systems, solange die Arbeit läuft.
step-done = erledigt
step-failed = verzögert, wir kümmern uns darum
step-waiting = bei einem Partner angefragt, wir warten auf die Antwort
step-pending = noch nicht begonnen
step-collecting = wird zusammengetragen
step-erasing = wird gelöscht
step-unknown-count = unbekannt

# Wann die Antwort fällig ist: „(in 31 Tagen)“.
due-when = { $days ->
    [0] heute
    [1] morgen
   *[other] in { $days } Tagen
}
# Steht da, sobald die Frist verstrichen ist; $then sagt, was als Nächstes geschieht, falls etwas.
due-late = { $then }Unsere Antwort war bis zum { $due } fällig: Wir sind im Verzug und antworten so bald wie möglich.

badge-unverified = Wartet auf Sie
badge-review = Wird geprüft
badge-scheduled = Geplant
badge-processing = In Bearbeitung
badge-failed = Verzögert
badge-done = Erledigt
badge-expired = Abgelaufen
badge-cancelled = Abgebrochen
badge-rejected = Abgelehnt
badge-lifted = Aufgehoben
badge-in-force = In Kraft

story-unverified-heading = Bestätigen Sie Ihre E-Mail-Adresse
story-unverified-said = Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt. Solange Sie ihn nicht öffnen und bestätigen, passiert nichts.
story-unverified-next = Sobald Sie bestätigen, beginnt die gesetzliche Frist für unsere Antwort.
story-review-heading = Wir prüfen Ihre Anfrage
story-review-said = Ihre Adresse ist bestätigt. Unser Datenschutzteam prüft jede Anfrage dieser Art, bevor wir beginnen.
story-review-by = Wir antworten bis zum { $due } ({ $when }).
story-scheduled-heading = Die Löschung ist geplant
story-scheduled-said = Wir beginnen am { $starts } mit dem Löschen Ihrer Daten. Bis dahin können Sie Ihre Anfrage noch abbrechen.
story-scheduled-said-soon = Wir beginnen in Kürze mit dem Löschen Ihrer Daten. Bis dahin können Sie Ihre Anfrage noch abbrechen.
story-scheduled-by = Sobald alles erledigt ist, schicken wir Ihnen eine E-Mail, spätestens am { $due } ({ $when }).
story-scheduled-then = Sobald alles erledigt ist, schicken wir Ihnen eine E-Mail.{ " " }
story-rectification-processing-heading = Wir berichtigen Ihre Daten
story-restriction-processing-heading = Wir schränken die Nutzung Ihrer Daten ein
story-objection-processing-heading = Wir erfassen Ihren Widerspruch
story-changing-said = Wir nehmen die Änderung in jedem unserer Systeme vor und informieren die Partner, die Ihre Daten haben.
story-changing-by = Spätestens am { $due } ({ $when }) teilen wir Ihnen per E-Mail mit, was wir geändert und wen wir informiert haben.
story-changing-then = Wir teilen Ihnen per E-Mail mit, was wir geändert und wen wir informiert haben.{ " " }
story-collecting-heading = Wir tragen Ihre Daten zusammen
story-collecting-said = Wir fassen alles, was unsere Systeme über Sie gespeichert haben, in einem Archiv zusammen.
story-collecting-by = Sobald das Archiv fertig ist, schicken wir Ihnen per E-Mail einen Download-Link, spätestens am { $due } ({ $when }).
story-collecting-then = Sobald das Archiv fertig ist, schicken wir Ihnen per E-Mail einen Download-Link.{ " " }
story-erasing-heading = Wir löschen Ihre Daten
story-erasing-said = Wir löschen Ihre Daten aus jedem unserer Systeme.
story-erasing-by = Spätestens am { $due } ({ $when }) teilen wir Ihnen per E-Mail mit, was wir gelöscht haben und was wir gesetzlich aufbewahren müssen.
story-erasing-then = Wir teilen Ihnen per E-Mail mit, was wir gelöscht haben und was wir gesetzlich aufbewahren müssen.{ " " }
story-failed-heading = Ihre Anfrage verzögert sich
story-failed-said = Bei der Bearbeitung Ihrer Anfrage ist in einem unserer Systeme ein Fehler aufgetreten, deshalb konnten wir sie noch nicht abschließen. Unser Datenschutzteam ist informiert; sobald der Fehler behoben ist, machen wir weiter. Ihre Anfrage geht nicht verloren.
story-failed-by = Wir antworten trotzdem bis zum { $due } ({ $when }).
story-ready-heading = Ihre Antwort ist bereit
story-ready-next = Wir haben Ihnen per E-Mail einen Download-Link zu einem Archiv mit allem geschickt, was wir gefunden haben; er funktioniert bis zum { $until }. Suchen Sie nach unserer E-Mail, auch in Ihrem Spam-Ordner.
story-answered-heading = Wir haben Ihre Anfrage beantwortet
story-answered-next = Der Download-Link aus unserer E-Mail ist abgelaufen; mit seinem Ablauf löschen wir auch das Archiv. Wenn Sie eine weitere Kopie brauchen, stellen Sie eine neue Anfrage.
story-searched-said = Wir haben die Suche nach Ihren Daten in unseren Systemen am { $on } abgeschlossen.
story-searched-said-undated = Wir haben die Suche nach Ihren Daten in unseren Systemen abgeschlossen.
story-erased-heading = Ihre Löschanfrage ist erledigt
story-erased-said = Wir haben Ihre Löschanfrage am { $on } abgeschlossen.
story-erased-said-undated = Wir haben Ihre Löschanfrage abgeschlossen.
story-erased-next = Wir haben Ihnen unsere Antwort per E-Mail geschickt: was wir gefunden und gelöscht haben, was wir gesetzlich aufbewahren müssen und bis wann, und wen wir außerdem informiert haben. Suchen Sie nach unserer E-Mail, auch in Ihrem Spam-Ordner.
story-expired-heading = Diese Anfrage ist abgelaufen
story-expired-said = Der Bestätigungslink wurde nicht rechtzeitig geöffnet, deshalb haben wir nichts unternommen.
story-new-request = Sie können jederzeit eine neue Anfrage stellen.
story-cancelled-heading = Diese Anfrage wurde abgebrochen
story-cancelled-said = Wir haben aufgehört, bevor wir etwas unternommen haben, und werden in dieser Sache nichts mehr tun.
story-rejected-heading = Wir haben diese Anfrage abgelehnt
story-rejected-said = Wir haben Ihnen per E-Mail den Grund mitgeteilt und wie Sie sich beschweren können, wenn Sie nicht einverstanden sind.
story-changed-emailed = Wir haben Ihnen per E-Mail mitgeteilt, was wir wo geändert und wen wir außerdem informiert haben. Suchen Sie nach unserer E-Mail, auch in Ihrem Spam-Ordner.
story-lifted-heading = Die Einschränkung wurde aufgehoben
story-lifted-said = Wir haben die Nutzung Ihrer Daten am { $on } eingeschränkt und die Einschränkung inzwischen wieder aufgehoben.
story-lifted-said-undated = Wir haben die Nutzung Ihrer Daten eingeschränkt und die Einschränkung inzwischen wieder aufgehoben.
story-lifted-next = Wir haben Ihnen vor der Aufhebung per E-Mail mitgeteilt, warum. Wenn Sie nicht einverstanden sind, antworten Sie auf diese E-Mail.
story-restricted-heading = Die Nutzung Ihrer Daten ist eingeschränkt
story-restricted-said = Wir haben die Nutzung Ihrer Daten am { $on } eingeschränkt. Die Einschränkung gilt, bis wir sie aufheben.
story-restricted-said-undated = Wir haben die Nutzung Ihrer Daten eingeschränkt. Die Einschränkung gilt, bis wir sie aufheben.
story-restricted-next = { story-changed-emailed } Sollten wir die Einschränkung jemals aufheben, informieren wir Sie vorher per E-Mail.
story-corrected-heading = Ihre Berichtigung ist erledigt
story-corrected-said = Wir haben die Berichtigung Ihrer Daten am { $on } abgeschlossen.
story-corrected-said-undated = Wir haben die Berichtigung Ihrer Daten abgeschlossen.
story-objection-heading = Ihr Widerspruch ist erfasst
story-objection-said = Wir haben Ihren Widerspruch am { $on } erfasst; er gilt ab diesem Zeitpunkt.
story-objection-said-undated = Wir haben Ihren Widerspruch erfasst; er gilt ab diesem Zeitpunkt.

## Fehlerseiten

error-new-request = Neue Anfrage stellen
error-not-found-title = Link nicht gefunden
error-not-found = Wir konnten diese Seite nicht finden. Wenn Sie einem Link aus einer E-Mail gefolgt sind, ist er vielleicht unvollständig: Kopieren Sie den ganzen Link, oder stellen Sie eine neue Anfrage.
error-expired-title = Dieser Link ist abgelaufen
error-expired = Zu Ihrer Sicherheit funktionieren Links nur für begrenzte Zeit. Sie können eine neue Anfrage stellen; das dauert nur eine Minute.
error-used-title = Dieser Link wurde bereits verwendet
error-used = Jeder Bestätigungslink funktioniert nur einmal. Wenn Sie bereits bestätigt haben, haben wir Ihnen per E-Mail einen Link geschickt, mit dem Sie Ihre Anfrage verfolgen können.
error-confirmed-title = Bereits bestätigt
error-confirmed = Diese Anfrage ist bereits bestätigt. Wir haben Ihnen per E-Mail einen Link geschickt, mit dem Sie sie verfolgen können.
error-closed-title = Diese Anfrage ist bereits abgeschlossen
error-closed = Hier gibt es nichts mehr zu bestätigen: Diese Anfrage wurde beantwortet, abgelehnt oder abgebrochen. Unsere Antwort (einen Download-Link oder was wir gelöscht haben) oder den Grund für die Ablehnung finden Sie in der E-Mail, die wir Ihnen damals geschickt haben; sehen Sie auch in Ihrem Spam-Ordner nach.
error-bad-form-title = Mit diesem Formular stimmt etwas nicht
error-form-expired-title = Dieses Formular ist abgelaufen
error-form-expired = Dieses Formular ist abgelaufen oder wurde in einem anderen Fenster geöffnet. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
error-conflict-title = Das ist gerade nicht möglich
error-changed-meanwhile = Diese Anfrage hat sich inzwischen geändert. Laden Sie die Seite neu, um den aktuellen Stand zu sehen.
error-cannot-change = Diese Anfrage kann jetzt nicht geändert werden.
error-too-large-title = Zu viele Daten
error-too-large = Das Formular hat mehr Daten gesendet, als wir annehmen.
error-ours-title = Bei uns ist etwas schiefgegangen
error-ours = Es wurde nichts geändert. Bitte versuchen Sie es in ein paar Minuten noch einmal.
too-many-title = Zu viele Anfragen
too-many-lead = Sie haben in kurzer Zeit viele Anfragen gesendet.
too-many-wait = Bitte versuchen Sie es in { $wait } noch einmal.
too-many-wait-unknown = Bitte warten Sie ein paar Minuten und versuchen Sie es dann noch einmal.
wait-seconds = { $n ->
    [one] { $n } Sekunde
   *[other] { $n } Sekunden
}
wait-about-seconds = etwa { $n } Sekunden
wait-minutes = { $n ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
wait-hours = { $n ->
    [one] { $n } Stunde
   *[other] { $n } Stunden
}
