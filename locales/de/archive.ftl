# README.html des Archivs, das eine betroffene Person herunterlädt: was darin steht, was wir gesetzlich aufbewahren
# müssen, und die Angaben, die DSGVO Art. 15 Abs. 1 verlangt.

readme-title = Ihre personenbezogenen Daten — { $controller }
readme-heading = Ihre personenbezogenen Daten
readme-intro = Dieses Archiv beantwortet Ihre Anfrage { $request } nach einer Kopie Ihrer personenbezogenen Daten (DSGVO Art. 15 und 20) für die Adresse { $email }.
readme-made-by = { $company } hat es am { $date } erstellt.
readme-made = Wir haben es am { $date } erstellt.
readme-questions = Fragen dazu? Schreiben Sie an
readme-nothing-heading = Wir speichern keine personenbezogenen Daten über Sie
readme-nothing = Wir haben jedes unten aufgeführte System durchsucht und keinen Eintrag gefunden, der mit Ihrer Adresse verknüpft ist, und wir bewahren auch nichts über Sie aufgrund einer gesetzlichen Pflicht auf. Dieses Archiv bestätigt das, wie es Art. 15 verlangt.
readme-kept-heading = Einträge, die wir gesetzlich aufbewahren müssen
readme-kept-intro = Als wir Ihre Daten gelöscht haben, hat uns das Gesetz verpflichtet, diese Einträge eine Zeit lang aufzubewahren (DSGVO Art. 17 Abs. 3). Wir verwenden sie nur zu diesem Zweck und löschen sie, wenn die Frist endet.
readme-kept-count = { $count ->
    [one] { $count } Eintrag, aufbewahrt seit dem { $since }.
   *[other] { $count } Einträge, aufbewahrt seit dem { $since }.
}
readme-kept-until = Aufbewahrt bis zum { $until }.
readme-kept-between = Jeder Eintrag wird bis zu seinem eigenen Datum aufbewahrt, zwischen dem { $first } und dem { $last }.
readme-kept-not-copied = Eine Kopie davon konnten wir diesem Archiv nicht beifügen.
readme-kept-copied = Eine Kopie davon liegt in diesem Archiv:
readme-kept-and = und
readme-kept-still-yours = Es sind weiterhin Ihre personenbezogenen Daten, deshalb enthält dieses Archiv eine Kopie davon; Sie finden sie unten beim jeweiligen System mit dem Vermerk „gesetzlich aufbewahrt“.
readme-kept-ask-copy = Für eine Kopie der Einträge, die nicht in diesem Archiv enthalten sind, schreiben Sie an
readme-kept-ask-copy-reply = Für eine Kopie der Einträge, die nicht in diesem Archiv enthalten sind, antworten Sie auf die E-Mail, mit der Sie dieses Archiv erhalten haben.
readme-run-heading = Einträge, die wir möglicherweise gesetzlich aufbewahren müssen
readme-run-intro = Am { $date } haben wir Ihre Daten nach unseren Aufbewahrungsregeln gelöscht, zusammen mit denen anderer Personen. Das Gesetz verpflichtet uns, bestimmte Arten von Einträgen auch nach einer Löschung eine Zeit lang aufzubewahren (DSGVO Art. 17 Abs. 3); falls Einträge zu Ihrer Person darunter sind, verwenden wir sie nur zu diesem Zweck und löschen sie, wenn die Frist endet:
readme-run-until = Aufbewahrt längstens bis zum { $until }.
readme-run-ask = Schreiben Sie uns, dann teilen wir Ihnen mit, welche davon Sie betreffen, und schicken Ihnen eine Kopie:
readme-run-ask-reply = Antworten Sie auf die E-Mail, mit der Sie dieses Archiv erhalten haben, dann teilen wir Ihnen mit, welche davon Sie betreffen, und schicken Ihnen eine Kopie.
readme-contents-heading = Was dieses Archiv enthält
readme-contents = Jeder Ordner steht für eines unserer Systeme. Datenbanktabellen liegen als .csv (lässt sich in einer Tabellenkalkulation öffnen) und als .json (für die Übertragung an einen anderen Dienst) vor; manifest.json führt jede Datei mit ihrer Zeilenzahl und ihrer SHA-256-Prüfsumme auf.
readme-contents-kept = Dateien, deren Name auf „(kept)“ endet, enthalten die Einträge, die wir gesetzlich aufbewahren müssen.
readme-partner = ein Partner, den wir per E-Mail angefragt haben
readme-partner-intro = Das System dieses Partners ist nicht mit unserem verbunden, deshalb haben wir ihn nach Ihren Daten gefragt.
readme-partner-answer = Antwort des Partners: „{ $note }“
readme-partner-no-files = Der Partner hat keine Dateien geschickt.
readme-partner-files = Die Dateien, die der Partner geschickt hat:
readme-store-records = { $count ->
    [one] { $count } Eintrag; Ordner { $folder }
   *[other] { $count } Einträge; Ordner { $folder }
}
readme-table-kept = (gesetzlich aufbewahrt)
readme-table-records = { $count ->
    [one] { $count } Eintrag
   *[other] { $count } Einträge
}
readme-table-kept-why = aufbewahrt, weil das Gesetz es nach der Löschung Ihrer Daten verlangt (siehe oben)
readme-table-first = { $label }: die ersten Einträge
readme-table-more = Die ersten { $shown } von { $count }; alle stehen in den Dateien.
readme-about-heading = Über diese Verarbeitung (Art. 15 Abs. 1)
readme-controller = Verantwortlicher:
readme-controller-default = das Unternehmen, das dieses Portal betreibt
readme-purposes = Zwecke:
readme-categories = Datenkategorien:
readme-recipients = Empfänger:
readme-retention = Wie lange wir Ihre Daten speichern:
readme-retention-default = so lange, wie es für die oben genannten Zwecke nötig ist und das Gesetz es verlangt.
readme-source = Woher Ihre Daten stammen:
readme-source-default = von Ihnen und aus Ihrer Nutzung unseres Dienstes.
readme-automated = Automatisierte Entscheidungen einschließlich Profiling:
readme-automated-default = keine.
readme-rights = Ihre Rechte:
readme-rights-text = Sie können verlangen, dass wir Ihre Daten berichtigen (Art. 16) oder löschen (Art. 17) oder ihre Verarbeitung einschränken (Art. 18), und Sie können der Verarbeitung widersprechen (Art. 21). Sie können diese Daten zu einem anderen Dienst mitnehmen (Art. 20).
readme-complaints = Beschwerden:
readme-complaints-text = Sie haben das Recht, Beschwerde bei einer Aufsichtsbehörde zu erheben (Art. 77).
