# README.html dell'archivio che l'interessato scarica: che cosa contiene, che cosa la legge ci obbliga
# a conservare e le informazioni richieste dal GDPR art. 15(1).

readme-title = I suoi dati personali — { $controller }
readme-heading = I suoi dati personali
readme-intro = Questo archivio risponde alla sua richiesta { $request } di una copia dei suoi dati personali (GDPR artt. 15 e 20), per l'indirizzo { $email }.
readme-made-by = { $company } lo ha creato il { $date }.
readme-made = Lo abbiamo creato il { $date }.
readme-questions = Ha domande in merito? Scriva a
readme-nothing-heading = Non conserviamo dati personali su di lei
readme-nothing = Abbiamo cercato in tutti i sistemi elencati di seguito e non abbiamo trovato alcun record collegato al suo indirizzo; inoltre non conserviamo nulla su di lei per obbligo di legge. Questo archivio lo conferma, come richiede l'art. 15.
readme-kept-heading = Record che la legge ci obbliga a conservare
readme-kept-intro = Quando abbiamo cancellato i suoi dati, la legge ci ha obbligato a conservare questi record per un certo periodo (GDPR art. 17(3)). Li usiamo solo per questo motivo e li eliminiamo allo scadere del periodo previsto.
readme-kept-count = { $count ->
    [one] { $count } record, conservato dal { $since }.
   *[other] { $count } record, conservati dal { $since }.
}
readme-kept-until = Conservazione fino al { $until }.
readme-kept-between = Ogni record è conservato fino a una data propria, compresa tra il { $first } e il { $last }.
readme-kept-not-copied = Non è stato possibile aggiungerne una copia a questo archivio.
readme-kept-copied = Una copia è inclusa in questo archivio:
readme-kept-and = e
readme-kept-still-yours = Restano comunque suoi dati personali, quindi questo archivio ne contiene una copia, elencata più avanti sotto ciascun sistema con la dicitura «conservazione per obbligo di legge».
readme-kept-ask-copy = Per una copia di quelli che non è stato possibile includere, scriva a
readme-kept-ask-copy-reply = Per una copia di quelli che non è stato possibile includere, risponda all'email con cui ha ricevuto questo archivio.
readme-run-heading = Record che la legge potrebbe obbligarci a conservare
readme-run-intro = Il { $date } abbiamo cancellato i suoi dati in base alle nostre regole di conservazione, insieme a quelli di altre persone. La legge ci obbliga a conservare alcuni tipi di record per un certo periodo anche dopo una cancellazione (GDPR art. 17(3)); se alcuni di questi sono suoi, li usiamo solo per questo motivo e li eliminiamo allo scadere del periodo previsto:
readme-run-until = Conservazione al più tardi fino al { $until }.
readme-run-ask = Ci scriva e le diremo quali sono suoi e gliene invieremo una copia:
readme-run-ask-reply = Risponda all'email con cui ha ricevuto questo archivio: le diremo quali sono suoi e gliene invieremo una copia.
readme-contents-heading = Che cosa contiene questo archivio
readme-contents = Ogni cartella corrisponde a uno dei nostri sistemi. Le tabelle del database sono fornite come .csv (si apre con un foglio di calcolo) e .json (per trasferirle a un altro servizio); manifest.json elenca ogni file con il numero di righe e il checksum SHA-256.
readme-contents-kept = I file il cui nome termina con «(kept)», in inglese «conservato», contengono i record che la legge ci obbliga a conservare.
readme-partner = un partner che abbiamo interpellato via email
readme-partner-intro = Il sistema di questo partner non è collegato al nostro, quindi gli abbiamo chiesto direttamente i dati che la riguardano.
readme-partner-answer = La risposta del partner: «{ $note }»
readme-partner-no-files = Il partner non ha inviato alcun file.
readme-partner-files = I file inviati dal partner:
readme-store-records = { $count ->
    [one] { $count } record; cartella { $folder }
   *[other] { $count } record; cartella { $folder }
}
readme-table-kept = (conservazione per obbligo di legge)
readme-table-records = { $count ->
    [one] { $count } record
   *[other] { $count } record
}
readme-table-kept-why = che la legge ci obbliga a conservare dopo la cancellazione dei suoi dati (vedi sopra)
readme-table-first = { $label }: i primi record
readme-table-more = I primi { $shown } di { $count }; tutti sono presenti nei file.
readme-about-heading = Informazioni su questo trattamento (art. 15(1))
readme-controller = Titolare del trattamento:
readme-controller-default = la società che gestisce questo portale
readme-purposes = Finalità:
readme-categories = Categorie di dati:
readme-recipients = Destinatari:
readme-retention = Per quanto tempo li conserviamo:
readme-retention-default = per il tempo necessario alle finalità sopra indicate e per quanto richiesto dalla legge.
readme-source = Da dove provengono:
readme-source-default = da lei e dall'uso che fa del nostro servizio.
readme-automated = Processi decisionali automatizzati, compresa la profilazione:
readme-automated-default = nessuno.
readme-rights = I suoi diritti:
readme-rights-text = può chiederci di rettificare (art. 16) o cancellare (art. 17) i suoi dati e di limitarne il trattamento (art. 18), e può opporsi al trattamento (art. 21). Può trasferire questi dati a un altro servizio (art. 20).
readme-complaints = Reclami:
readme-complaints-text = ha il diritto di presentare reclamo a un'autorità di controllo (art. 77).
