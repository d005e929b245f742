# Le pagine per l'interessato: il modulo di richiesta, la pagina di conferma, la pagina di stato, le pagine di errore.
# L'inglese è la fonte di ogni chiave; le altre lingue le traducono tutte. I valori in { $… }
# sono inseriti dal portale; vanno mantenuti. Le forme plurali seguono le regole di ciascuna lingua.

## Date, orari e numeri (usati anche dalle email e da README.html)

date-long = { $day } { $month } { $year }
# Un orario è sempre indicato con il suo fuso.
time-long = { $date } alle { $clock } UTC
month-1 = gennaio
month-2 = febbraio
month-3 = marzo
month-4 = aprile
month-5 = maggio
month-6 = giugno
month-7 = luglio
month-8 = agosto
month-9 = settembre
month-10 = ottobre
month-11 = novembre
month-12 = dicembre

## Tutte le pagine

site-name = Portale privacy
site-name-company = Portale privacy di { $company }
site-brand-company = { $company } · Privacy
skip-to-content = Vai al contenuto
languages-label = Lingua
footer-rights = Lei ha diritto, tra l'altro, a ricevere una copia dei suoi dati personali (GDPR art. 15), a trasferirli a un altro servizio (art. 20) e a ottenerne la cancellazione (art. 17).
footer-run-by = Questo portale è gestito da { $company }.
footer-contact = Ha domande o preferisce scriverci?

## Il modulo di richiesta

index-title = Richieste sui suoi dati
index-title-error = Errore: Richieste sui suoi dati
index-heading = I suoi dati personali
index-lead = Può chiedere una copia di tutto ciò che conserviamo su di lei, chiederci di cancellarlo o correggerlo, oppure dirci di smettere di usarlo. Prima inviamo un link di conferma al suo indirizzo: non succede nulla finché non conferma.
index-email = Il suo indirizzo email
index-what = Che cosa desidera?
kind-access-choice = Una copia dei miei dati
kind-access-hint = Un file zip con tutto ciò che conserviamo su di lei (artt. 15 e 20).
kind-erasure-choice = Cancellare i miei dati
kind-erasure-hint = Cancelliamo ciò che possiamo; ciò che la legge ci obbliga a conservare (ad esempio le fatture) viene conservato solo per il tempo richiesto (art. 17).
kind-rectification-choice = Correggere i miei dati
kind-rectification-hint = Ci indichi che cosa è sbagliato e come dovrebbe essere (art. 16).
kind-restriction-choice = Limitare l'uso dei miei dati
kind-restriction-hint = Conserviamo i suoi dati ma non li usiamo mentre, ad esempio, ne contesta l'esattezza (art. 18).
kind-objection-choice = Oppormi all'uso dei miei dati
kind-objection-hint = Per il marketing diretto o per un'altra finalità a cui si oppone (art. 21).
kind-optout-choice = Non vendere né condividere le mie informazioni personali
kind-optout-hint = Smettiamo di vendere o condividere le sue informazioni personali (CCPA §1798.120).
index-rectification-legend = Se chiede una correzione: i dati corretti
index-rectification-hint = Compili solo ciò che è sbagliato; lasci vuoto il resto.
index-restriction-legend = Se chiede una limitazione: il motivo
ground-accuracy_contested = Contesto l'esattezza dei miei dati
ground-unlawful_processing = Il trattamento è illecito e chiedo che sia limitato anziché cancellare i dati
ground-legal_claims = Ho bisogno dei dati per accertare, esercitare o difendere un diritto in sede giudiziaria
ground-objection_pending = Ho presentato opposizione al trattamento e attendo la risposta
index-objection-legend = Se si oppone: a che cosa
scope-direct-marketing = Marketing diretto (smettiamo appena conferma)
scope-optout = La vendita o la condivisione delle mie informazioni personali
scope-other = Un altro uso dei miei dati, per motivi legati alla mia situazione particolare (il nostro team privacy li valuta; indichi il motivo qui sotto)
index-note = Altro da aggiungere (facoltativo; se si oppone a un altro uso, i suoi motivi)
index-submit = Invia il link di conferma

## Errori del modulo

error-email-empty = Inserisca il suo indirizzo email.
error-email-too-long = Questo indirizzo è troppo lungo: un indirizzo email ha al massimo 254 caratteri.
error-email-invalid = Questo non sembra un indirizzo email. Controlli che contenga una @ e un dominio, come nome@example.com.
error-kind = Scelga che cosa desidera che facciamo.
error-ground = Scelga uno dei motivi elencati.
error-scope = Scelga una delle opzioni elencate.
error-no-change = Indichi il valore corretto di almeno un campo.
error-objection-note = Ci dica perché si oppone: i suoi motivi, connessi alla sua situazione particolare.

## Dopo il modulo

sent-title = Controlli la sua casella di posta
sent-lead = Se l'indirizzo inserito è valido, le abbiamo inviato un link. Lo apra e prema «{ verify-submit }» per avviare la richiesta.
sent-expiry = { $hours ->
    [one] Il link funziona una sola volta e scade tra { $hours } ora.
   *[other] Il link funziona una sola volta e scade tra { $hours } ore.
} Se aveva già una richiesta aperta dello stesso tipo, il messaggio contiene invece un link a quella.
sent-nothing = Non è arrivato nulla? Controlli la cartella spam oppure
sent-try-again = riprovi

## La pagina di conferma

verify-title = Confermi la sua richiesta
verify-lead = Ha chiesto { $kind }. Prema il pulsante per confermare che l'indirizzo { $email } è suo.
verify-submit = Conferma la mia richiesta
verify-not-you = Non ha fatto lei questa richiesta? Chiuda questa pagina: senza conferma non succede nulla.

# Ciò che è stato chiesto, come si legge in una frase.
kind-access = una copia dei suoi dati personali
kind-erasure = la cancellazione dei suoi dati personali
kind-rectification = la correzione dei suoi dati personali
kind-restriction = la limitazione del trattamento dei suoi dati personali
kind-objection = di opporsi al trattamento dei suoi dati personali

## La pagina di stato

status-title = La sua richiesta
status-asked = Ha chiesto
status-state = Stato
status-received = Ricevuta
status-due = Termine per la risposta
status-reference = Riferimento
status-where = Dove
status-records = Record
status-records-so-far = Record finora
status-progress-found = Che cosa abbiamo trovato
status-progress-collecting = Dove stiamo raccogliendo
status-progress-erasing = Dove stiamo cancellando
status-progress-changing = Dove stiamo apportando la modifica
status-refresh = Aggiorni questa pagina
status-refresh-after = per vedere lo stato più recente.
status-told-heading = Chi altro abbiamo informato
status-told-lead = Questi destinatari dei suoi dati sono stati informati della sua richiesta (GDPR art. 19):
status-cancel-lead = Ha cambiato idea? Può annullare la richiesta finché non abbiamo iniziato.
status-cancel = Annulla la mia richiesta
status-private = Non condivida l'indirizzo di questa pagina: chiunque lo abbia può vedere questa richiesta.

# La riga di ciascun sistema mentre il lavoro è in corso.
step-done = completato
step-failed = in ritardo, ce ne stiamo occupando
step-waiting = abbiamo interpellato un partner e attendiamo la sua risposta
step-pending = non ancora iniziato
step-collecting = raccolta in corso
step-erasing = cancellazione in corso
step-unknown-count = non noto

# Quando è dovuta la risposta: «(tra 31 giorni)».
due-when = { $days ->
    [0] oggi
    [1] domani
   *[other] tra { $days } giorni
}
# Si usa quando la scadenza è passata; $then è ciò che succede dopo, se succede qualcosa.
due-late = { $then }La nostra risposta era dovuta entro il { $due }: siamo in ritardo e le risponderemo il prima possibile.

badge-unverified = In attesa di conferma
badge-review = In esame
badge-scheduled = Programmata
badge-processing = In corso
badge-failed = In ritardo
badge-done = Completata
badge-expired = Scaduta
badge-cancelled = Annullata
badge-rejected = Respinta
badge-lifted = Revocata
badge-in-force = In vigore

story-unverified-heading = Confermi il suo indirizzo email
story-unverified-said = Le abbiamo inviato un'email con un link di conferma. Non succede nulla finché non lo apre e conferma.
story-unverified-next = Dopo la conferma inizia a decorrere il termine di legge per la nostra risposta.
story-review-heading = Stiamo esaminando la sua richiesta
story-review-said = Il suo indirizzo è confermato. Il nostro team privacy verifica ogni richiesta di questo tipo prima di iniziare.
story-review-by = Le risponderemo entro il { $due } ({ $when }).
story-scheduled-heading = La cancellazione dei suoi dati è programmata
story-scheduled-said = Inizieremo a cancellare i suoi dati il { $starts }. Fino ad allora può annullare la richiesta.
story-scheduled-said-soon = Inizieremo a cancellare i suoi dati a breve. Fino ad allora può annullare la richiesta.
story-scheduled-by = Le scriveremo un'email quando avremo finito, entro il { $due } ({ $when }).
story-scheduled-then = Le scriveremo un'email quando avremo finito.{ " " }
story-rectification-processing-heading = Stiamo correggendo i suoi dati
story-restriction-processing-heading = Stiamo limitando l'uso dei suoi dati
story-objection-processing-heading = Stiamo registrando la sua opposizione
story-changing-said = Stiamo apportando la modifica in ciascuno dei nostri sistemi e informando i partner che hanno i suoi dati.
story-changing-by = Le comunicheremo via email che cosa abbiamo modificato e chi abbiamo informato, entro il { $due } ({ $when }).
story-changing-then = Le comunicheremo via email che cosa abbiamo modificato e chi abbiamo informato.{ " " }
story-collecting-heading = Stiamo raccogliendo i suoi dati
story-collecting-said = Stiamo riunendo in un unico archivio ciò che ciascuno dei nostri sistemi conserva su di lei.
story-collecting-by = Le invieremo via email un link per il download quando l'archivio sarà pronto, entro il { $due } ({ $when }).
story-collecting-then = Le invieremo via email un link per il download quando l'archivio sarà pronto.{ " " }
story-erasing-heading = Stiamo cancellando i suoi dati
story-erasing-said = Stiamo cancellando i suoi dati da ciascuno dei nostri sistemi.
story-erasing-by = Le comunicheremo via email che cosa abbiamo cancellato e ciò che la legge ci obbliga a conservare, entro il { $due } ({ $when }).
story-erasing-then = Le comunicheremo via email che cosa abbiamo cancellato e ciò che la legge ci obbliga a conservare.{ " " }
story-failed-heading = La sua richiesta è in ritardo
story-failed-said = Si è verificato un problema in uno dei nostri sistemi mentre lavoravamo alla sua richiesta, quindi non abbiamo ancora potuto completarla. Il nostro team privacy è stato avvisato; una volta risolto il problema, proseguiremo. La sua richiesta non è andata persa.
story-failed-by = Le risponderemo comunque entro il { $due } ({ $when }).
story-ready-heading = La risposta è pronta
story-ready-next = Le abbiamo inviato via email un link per scaricare un archivio con ciò che abbiamo trovato; funziona fino al { $until }. Cerchi la nostra email, anche nella cartella spam.
story-answered-heading = Abbiamo risposto alla sua richiesta
story-answered-next = Il link per il download che le abbiamo inviato via email è scaduto e, alla scadenza, cancelliamo l'archivio. Se le serve un'altra copia, presenti una nuova richiesta.
story-searched-said = Abbiamo terminato la ricerca dei suoi dati nei nostri sistemi il { $on }.
story-searched-said-undated = Abbiamo terminato la ricerca dei suoi dati nei nostri sistemi.
story-erased-heading = La sua richiesta di cancellazione è completata
story-erased-said = Abbiamo completato la sua richiesta di cancellazione il { $on }.
story-erased-said-undated = Abbiamo completato la sua richiesta di cancellazione.
story-erased-next = Le abbiamo inviato la nostra risposta via email: che cosa abbiamo trovato e cancellato, ciò che la legge ci obbliga a conservare e fino a quando, e chi altro abbiamo informato. Cerchi la nostra email, anche nella cartella spam.
story-expired-heading = Questa richiesta è scaduta
story-expired-said = Il link di conferma non è stato aperto in tempo, quindi non abbiamo fatto nulla.
story-new-request = Può presentare una nuova richiesta in qualsiasi momento.
story-cancelled-heading = Questa richiesta è stata annullata
story-cancelled-said = Ci siamo fermati prima di fare qualsiasi cosa e non faremo altro per questa richiesta.
story-rejected-heading = Abbiamo respinto questa richiesta
story-rejected-said = Le abbiamo inviato via email il motivo e come presentare reclamo se non è d'accordo.
story-changed-emailed = Le abbiamo comunicato via email che cosa abbiamo modificato e dove, e chi altro abbiamo informato. Cerchi la nostra email, anche nella cartella spam.
story-lifted-heading = La limitazione è stata revocata
story-lifted-said = Abbiamo limitato l'uso dei suoi dati il { $on } e in seguito abbiamo revocato la limitazione.
story-lifted-said-undated = Abbiamo limitato l'uso dei suoi dati e in seguito abbiamo revocato la limitazione.
story-lifted-next = Prima di revocarla le abbiamo spiegato il motivo via email. Se non è d'accordo, risponda a quell'email.
story-restricted-heading = L'uso dei suoi dati è limitato
story-restricted-said = Abbiamo limitato l'uso dei suoi dati il { $on }. Resta limitato finché non revochiamo la limitazione.
story-restricted-said-undated = Abbiamo limitato l'uso dei suoi dati. Resta limitato finché non revochiamo la limitazione.
story-restricted-next = { story-changed-emailed } Se mai dovessimo revocare la limitazione, la avviseremo prima via email.
story-corrected-heading = La correzione è completata
story-corrected-said = Abbiamo terminato la correzione dei suoi dati il { $on }.
story-corrected-said-undated = Abbiamo terminato la correzione dei suoi dati.
story-objection-heading = La sua opposizione è registrata
story-objection-said = Abbiamo registrato la sua opposizione il { $on }; si applica da quel momento.
story-objection-said-undated = Abbiamo registrato la sua opposizione; si applica da quel momento.

## Pagine di errore

error-new-request = Nuova richiesta
error-not-found-title = Link non trovato
error-not-found = Non abbiamo trovato questa pagina. Se ha seguito un link da un'email, potrebbe essere incompleto: copi l'intero link oppure avvii una nuova richiesta.
error-expired-title = Questo link è scaduto
error-expired = Per la sua sicurezza, i link funzionano solo per un tempo limitato. Può avviare una nuova richiesta; ci vuole un minuto.
error-used-title = Questo link è già stato usato
error-used = Ogni link di conferma funziona una sola volta. Se ha già confermato, le abbiamo inviato via email un link per seguire la sua richiesta.
error-confirmed-title = Già confermata
error-confirmed = Questa richiesta è già confermata. Le abbiamo inviato via email un link per seguirla.
error-closed-title = Questa richiesta è già conclusa
error-closed = Non c'è più nulla da confermare: questa richiesta ha già ricevuto risposta, oppure è stata respinta o annullata. La nostra risposta (un link per il download, o ciò che abbiamo cancellato) o il motivo del rifiuto si trova nell'email che le abbiamo inviato allora; controlli anche la cartella spam.
error-bad-form-title = C'è un problema con questo modulo
error-form-expired-title = Questo modulo è scaduto
error-form-expired = Questo modulo è scaduto o è stato aperto in un'altra finestra. Torni indietro, ricarichi la pagina e riprovi.
error-conflict-title = Al momento non è possibile
error-changed-meanwhile = Nel frattempo questa richiesta è cambiata. Ricarichi la pagina per vedere a che punto è.
error-cannot-change = Al momento questa richiesta non può essere modificata.
error-too-large-title = Troppi dati
error-too-large = Il modulo ha inviato più dati di quanti ne accettiamo.
error-ours-title = Si è verificato un problema da parte nostra
error-ours = Non è stato modificato nulla. Riprovi tra qualche minuto.
too-many-title = Troppe richieste
too-many-lead = Ha inviato molte richieste in poco tempo.
too-many-wait = Riprovi tra { $wait }.
too-many-wait-unknown = Attenda qualche minuto e riprovi.
wait-seconds = { $n ->
    [one] { $n } secondo
   *[other] { $n } secondi
}
wait-about-seconds = circa { $n } secondi
wait-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minuti
}
wait-hours = { $n ->
    [one] { $n } ora
   *[other] { $n } ore
}
