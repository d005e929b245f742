# Le email che riceve l'interessato. Ognuna ha un oggetto, un corpo in testo semplice e un corpo HTML che
# condividono queste frasi. { $kind } è ciò che è stato chiesto (i testi kind-… di pages.ftl).

email-hello = Buongiorno,
email-button-fallback = Oppure incolli questo link nel suo browser:
email-company-contact = { $company }, { $contact }
email-questions = Domande? Scriva a { $contact }
email-complain = Ha il diritto di presentare reclamo a un'autorità di controllo e di proporre ricorso giurisdizionale (GDPR artt. 12(4), 77 e 79).
email-wrong = Se ritiene che abbiamo commesso un errore, risponda a questa email. Ha anche il diritto di presentare reclamo a un'autorità di controllo: { $authority }
email-authority-default = l'autorità per la protezione dei dati del luogo in cui vive o lavora.
email-keep-link = Non condivida questo link: chiunque lo abbia può vedere lo stato della sua richiesta.
email-new-request = Può presentare una nuova richiesta in qualsiasi momento: { $link }
email-reason = Motivo:
email-footer-unasked = Riceve questo messaggio perché qualcuno ha inserito questo indirizzo nel nostro portale privacy. Se non è stato lei, ignori questo messaggio: senza conferma non succede nulla.
email-footer-confirmed = Riceve questo messaggio a seguito di una richiesta privacy confermata per questo indirizzo.
email-footer-about = Riceve questo messaggio in merito a una richiesta privacy confermata per questo indirizzo.
email-footer-answer = Questa è la nostra risposta alla richiesta confermata per questo indirizzo. La conservi per la sua documentazione.
email-footer-erasure = Questa è la nostra risposta alla richiesta di cancellazione confermata per questo indirizzo. La conservi per la sua documentazione.

## Confermi il suo indirizzo

verify-subject = Confermi la sua richiesta privacy
verify-again = Ha già chiesto { $kind } e la richiesta è ancora aperta. Ecco un nuovo link per confermarla.
verify-received = Abbiamo ricevuto una richiesta con cui si chiede { $kind }.
verify-how-text = Per confermare che questo indirizzo è suo, apra questo link e prema «{ verify-submit }»:
verify-how-html = Per confermare che questo indirizzo è suo, apra il link qui sotto e prema «{ verify-submit }».
verify-button = Apri la pagina di conferma
verify-expires = Il link funziona una sola volta e scade il { $expires }.
reminder-subject = Promemoria: confermi la sua richiesta privacy
reminder-heading = Confermi la sua richiesta
reminder-asked = Ha chiesto { $kind }, ma non ha ancora confermato la richiesta.
reminder-expires = Se non viene confermata, la richiesta scade il { $expires }. Questo è l'unico promemoria.

## Confermata, o già aperta

confirmed-subject = La sua richiesta privacy è confermata
confirmed-heading = La sua richiesta è confermata
confirmed-thanks = Grazie: la richiesta con cui ha chiesto { $kind } è confermata.
confirmed-due = Le risponderemo al più tardi entro il { $due }.
confirmed-follow = Qui può seguirne l'avanzamento, oppure annullarla finché è ancora possibile:
email-see-request = Vedi la richiesta
existing-subject = Ha già una richiesta privacy aperta
existing-heading = La sua richiesta è già aperta
existing-again = Ha chiesto di nuovo { $kind }, ma una richiesta in tal senso è già aperta, quindi non ne abbiamo aperta una seconda.
existing-late = La nostra risposta era dovuta entro il { $due }: siamo in ritardo e le risponderemo il prima possibile.
existing-due = Riceverà risposta al più tardi entro il { $due }.
existing-follow = Può seguirla qui:
existing-footer = Riceve questo messaggio perché qualcuno, da questo indirizzo, ha chiesto di nuovo ciò che è già oggetto di una richiesta aperta. Non è stato avviato nulla di nuovo.

## Respinta, o più tempo

rejected-subject = La sua richiesta privacy è stata respinta
rejected-heading = La sua richiesta è stata respinta
rejected-reason = Abbiamo respinto la richiesta con cui ha chiesto { $kind }, per il seguente motivo:
extended-subject = La sua richiesta privacy: ci serve più tempo
extended-heading = Ci serve più tempo
extended-reason = Ci serve più tempo per rispondere alla richiesta con cui ha chiesto { $kind }, per il seguente motivo:
extended-law = La legge consente una sola proroga quando una richiesta è complessa o ne riceviamo molte ({ $basis }). Le risponderemo al più tardi entro il { $extended }, anziché entro il { $due }.
# La base giuridica della proroga, come $basis sopra.
basis-gdpr = GDPR art. 12(3)
basis-uk = UK GDPR art. 12(3)
basis-ccpa = CCPA, Cal. Civ. Code §1798.130(a)(2)

## L'archivio è pronto

ready-subject = La risposta è pronta per il download
ready-heading = La risposta è pronta
ready-intro = La nostra risposta alla sua richiesta di una copia dei suoi dati è pronta: un archivio dei dati personali che conserviamo su di lei (se non ne conserviamo, l'archivio lo indica).
ready-download = Lo scarichi qui:
ready-button = Scarica i miei dati
ready-until = Il link funziona fino al { $expires }.
ready-covers = L'archivio comprende questi sistemi: { $stores }.
ready-readme = Include un file README.html che ne spiega il contenuto e illustra i suoi diritti.
ready-keep = Non condivida questo link: chiunque lo abbia può scaricare i suoi dati.
ready-footer = Riceve questo messaggio a seguito di una richiesta confermata di una copia dei dati che conserviamo relativi a questo indirizzo.

## La cancellazione è completata

erased-subject-nothing = La sua richiesta di cancellazione: non abbiamo trovato dati personali da cancellare
erased-subject-all-kept = La sua richiesta di cancellazione: per ora la legge ci obbliga a conservare ciò che abbiamo trovato
erased-subject-some-kept = I suoi dati personali sono stati cancellati, tranne i record che la legge ci obbliga a conservare
erased-subject-asked = La sua richiesta di cancellazione: abbiamo chiesto ai nostri partner di cancellare i suoi dati
erased-subject-done = I suoi dati personali sono stati cancellati
erased-heading-nothing = Non abbiamo trovato dati personali da cancellare
erased-heading-all-kept = Per ora la legge ci obbliga a conservare ciò che abbiamo trovato
erased-heading-some-kept = I suoi dati sono stati cancellati, tranne ciò che dobbiamo conservare
erased-heading-asked = Abbiamo chiesto ai nostri partner di cancellare i suoi dati
erased-heading-done = I suoi dati sono stati cancellati
erased-finished = Abbiamo completato la sua richiesta di cancellazione.
erased-nothing = Abbiamo cercato in tutti i sistemi in cui conserviamo dati personali e non abbiamo trovato nulla collegato a questo indirizzo, quindi non c'era nulla da cancellare.
erased-what = Che cosa abbiamo cancellato
erased-kept = Che cosa dobbiamo conservare per ora, e perché
erased-kept-why = La legge ci obbliga a conservare alcuni record (GDPR art. 17(3)). Li usiamo solo per questo motivo e li eliminiamo allo scadere del periodo previsto.
erased-kept-until = Conservazione fino al { $until }, poi eliminazione.
erased-kept-between = Ogni record è conservato fino a una data propria, compresa tra il { $first } e il { $last }, e poi eliminato.
erased-partners = I partner che abbiamo interpellato
erased-partners-why = Questi partner potrebbero conservare alcuni dei suoi dati nei propri sistemi. Abbiamo chiesto loro di cancellarli e ci hanno risposto:
erased-told = Chi altro abbiamo informato
erased-told-why = Abbiamo informato della cancellazione gli altri destinatari dei suoi dati (GDPR art. 19):
# La riga di un singolo luogo: «Negozio — Ordini: 3 record eliminati».
erased-line-deleted = { $place }: { $count ->
    [one] { $count } record eliminato
   *[other] { $count } record eliminati
}
erased-line-masked = { $place }: i suoi dati personali rimossi da { $count ->
    [one] { $count } record
   *[other] { $count } record
} (ciò che resta non la identifica più)
erased-line-redacted = { $place }: dati personali rimossi dalla sua scheda cliente
erased-line-erased = { $place }: { $count ->
    [one] { $count } record cancellato
   *[other] { $count } record cancellati
}
# Ciò che viene conservato: «Fatturazione — Fatture (2 record)».
kept-what = { $place } ({ $count ->
    [one] { $count } record
   *[other] { $count } record
})

## Correzione, limitazione, opposizione completate

rights-subject-corrected = I suoi dati personali sono stati corretti
rights-subject-nothing-to-correct = La sua richiesta di correzione: non abbiamo trovato record da correggere
rights-subject-restricted = Abbiamo limitato il trattamento dei suoi dati personali
rights-subject-nothing-to-restrict = La sua richiesta di limitazione: non abbiamo trovato record da limitare
rights-subject-optout = Non venderemo né condivideremo le sue informazioni personali
rights-subject-marketing = Abbiamo smesso di usare i suoi dati per il marketing diretto
rights-subject-objection = Abbiamo accolto la sua opposizione
rights-corrected = Abbiamo completato la sua richiesta di correzione dei suoi dati personali.
rights-corrected-fields = Abbiamo completato la sua richiesta di correzione dei suoi dati personali ({ $fields }).
rights-nothing-to-correct = Abbiamo cercato in tutti i sistemi in cui sono conservati questi dati e non abbiamo trovato alcun record collegato a questo indirizzo, quindi non c'era nulla da correggere.
rights-restricted = Abbiamo completato la sua richiesta di limitazione del trattamento dei suoi dati personali.
rights-nothing-to-restrict = Abbiamo cercato in tutti i sistemi in cui conserviamo dati personali e non abbiamo trovato alcun record collegato a questo indirizzo, quindi non c'era nulla da limitare.
rights-restricted-means = D'ora in poi ci limitiamo a conservarli: non li usiamo in nessun altro modo senza il suo consenso, salvo per accertare, esercitare o difendere un diritto in sede giudiziaria, per tutelare i diritti di un'altra persona o per motivi di interesse pubblico rilevante (GDPR art. 18(2)). La limitazione resta in vigore finché non la revochiamo, e la avviseremo via email prima di farlo (art. 18(3)).
rights-optout = Abbiamo registrato la sua richiesta: d'ora in poi non venderemo né condivideremo le sue informazioni personali (CCPA §1798.120).
rights-marketing = Abbiamo registrato la sua opposizione: non usiamo più i suoi dati personali per il marketing diretto (GDPR art. 21(3)).
rights-objection = Abbiamo accolto la sua opposizione: non trattiamo più i suoi dati personali per le finalità oggetto della sua opposizione (GDPR art. 21(1)).
rights-where-corrected = Dove abbiamo apportato la correzione
rights-where-recorded = Dove l'abbiamo registrata
rights-told = Abbiamo informato i partner e gli altri destinatari dei suoi dati (GDPR art. 19):
# La riga di un singolo luogo: «Account — Utenti: 1 record».
rights-place = { $place }: { $count ->
    [one] { $count } record
   *[other] { $count } record
}

## Prima di revocare una limitazione

lifting-subject = Stiamo revocando la limitazione sui suoi dati personali
lifting-intro = Ci ha chiesto di limitare il trattamento dei suoi dati personali, e lo abbiamo fatto. Ora stiamo revocando questa limitazione e, come previsto dal GDPR art. 18(3), la informiamo prima di farlo.
lifting-after = Una volta revocata la limitazione, tratteremo di nuovo i suoi dati come facevamo prima.
lifting-follow-text = Può seguire la sua richiesta qui:
lifting-follow-link = Segua la sua richiesta sulla pagina di stato.
lifting-disagree = Se non è d'accordo, risponda a questa email. Ha anche il diritto di presentare reclamo a un'autorità di controllo: { $authority }
lifting-footer = Questo messaggio riguarda la limitazione richiesta da questo indirizzo.
