# Les pages de la personne concernée : le formulaire de demande, la page de confirmation, la page de suivi, les pages d'erreur.
# L'anglais est la source de chaque clé ; les autres langues traduisent chacune d'elles. Les valeurs entre { $… }
# sont remplies par le portail ; conservez-les. Les formes du pluriel suivent les règles propres à chaque langue.

## Dates, heures et nombres (utilisés aussi par les e-mails et README.html)

date-long = { $day } { $month } { $year }
# Une heure est toujours indiquée avec son fuseau.
time-long = { $date } à { $clock } UTC
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Toutes les pages

site-name = Portail de protection des données
site-name-company = Portail de protection des données – { $company }
site-brand-company = { $company } · Confidentialité
skip-to-content = Aller au contenu
languages-label = Langue
footer-rights = Vous avez notamment le droit d'obtenir une copie de vos données personnelles (RGPD art. 15), de les transférer vers un autre service (art. 20) et de les faire effacer (art. 17).
footer-run-by = Ce portail est géré par { $company }.
footer-contact = Des questions, ou vous préférez nous écrire ?

## Le formulaire de demande

index-title = Demande concernant vos données
index-title-error = Erreur : Demande concernant vos données
index-heading = Vos données personnelles
index-lead = Demandez une copie de toutes les données que nous détenons sur vous, leur effacement ou leur rectification, ou demandez-nous de ne plus les utiliser. Nous envoyons d'abord un lien de confirmation à votre adresse : rien ne se passe tant que vous n'avez pas confirmé.
index-email = Votre adresse e-mail
index-what = Que souhaitez-vous ?
kind-access-choice = Une copie de mes données
kind-access-hint = Un fichier zip contenant tout ce que nous détenons sur vous (art. 15 et 20).
kind-erasure-choice = Effacer mes données
kind-erasure-hint = Nous effaçons ce que nous avons le droit d'effacer ; ce que la loi nous oblige à conserver (comme les factures) n'est gardé que le temps exigé (art. 17).
kind-rectification-choice = Rectifier mes données
kind-rectification-hint = Indiquez-nous ce qui est inexact et ce qui devrait y figurer (art. 16).
kind-restriction-choice = Limiter l'utilisation de mes données
kind-restriction-hint = Nous conservons vos données, mais ne les utilisons pas pendant que, par exemple, vous contestez leur exactitude (art. 18).
kind-objection-choice = Ne plus utiliser mes données
kind-objection-hint = Pour la prospection commerciale, ou pour une autre finalité à laquelle vous vous opposez (art. 21).
kind-optout-choice = Ne pas vendre ni partager mes informations personnelles
kind-optout-hint = Nous cessons de vendre ou de partager vos informations personnelles (CCPA §1798.120).
index-rectification-legend = Si vous demandez une rectification : les valeurs correctes
index-rectification-hint = Remplissez uniquement ce qui est inexact ; laissez le reste vide.
index-restriction-legend = Si vous demandez une limitation : pourquoi
ground-accuracy_contested = Je conteste l'exactitude de mes données
ground-unlawful_processing = Le traitement est illicite, et je souhaite qu'il soit limité plutôt que mes données effacées
ground-legal_claims = J'ai besoin des données pour la constatation, l'exercice ou la défense de droits en justice
ground-objection_pending = J'ai fait opposition au traitement et j'attends la réponse
index-objection-legend = Si vous vous opposez : à quoi
scope-direct-marketing = La prospection commerciale (nous arrêtons dès que vous confirmez)
scope-optout = La vente ou le partage de mes informations personnelles
scope-other = Une autre utilisation de mes données, pour des raisons tenant à ma situation particulière (notre équipe de protection des données les examine ; expliquez-les ci-dessous)
index-note = Autre chose à ajouter (facultatif ; en cas d'opposition à une autre utilisation : vos raisons)
index-submit = M'envoyer un lien de confirmation

## Erreurs du formulaire

error-email-empty = Saisissez votre adresse e-mail.
error-email-too-long = Cette adresse est trop longue : une adresse e-mail comporte au maximum 254 caractères.
error-email-invalid = Cela ne ressemble pas à une adresse e-mail. Vérifiez qu'elle contient un @ et un domaine, comme nom@example.com.
error-kind = Choisissez ce que vous souhaitez que nous fassions.
error-ground = Choisissez l'une des raisons proposées.
error-scope = Choisissez l'une des options proposées.
error-no-change = Indiquez la valeur correcte d’au moins un champ.
error-objection-note = Dites-nous pourquoi vous vous opposez : vos raisons, tenant à votre situation particulière.

## Après le formulaire

sent-title = Consultez votre boîte de réception
sent-lead = Si l'adresse saisie est valide, nous lui avons envoyé un lien. Ouvrez-le et cliquez sur « { verify-submit } » pour lancer votre demande.
sent-expiry = { $hours ->
    [one] Le lien ne fonctionne qu'une fois et expire dans { $hours } heure.
   *[other] Le lien ne fonctionne qu'une fois et expire dans { $hours } heures.
} Si vous aviez déjà une demande du même type en cours, le message contient plutôt un lien vers celle-ci.
sent-nothing = Rien reçu ? Vérifiez vos courriers indésirables (spam), ou
sent-try-again = réessayez

## La page de confirmation

verify-title = Confirmez votre demande
verify-lead = Votre demande porte sur { $kind }. Cliquez sur le bouton pour confirmer que l'adresse { $email } est bien la vôtre.
verify-submit = Confirmer ma demande
verify-not-you = Vous n'avez rien demandé ? Fermez cette page : rien ne se passe sans confirmation.

# Ce qui a été demandé, tel qu'on le dit dans une phrase.
kind-access = une copie de vos données personnelles
kind-erasure = l'effacement de vos données personnelles
kind-rectification = la rectification de vos données personnelles
kind-restriction = la limitation du traitement de vos données personnelles
kind-objection = votre opposition au traitement de vos données personnelles

## La page de suivi

status-title = Votre demande
status-asked = Objet de la demande
status-state = Statut
status-received = Reçue le
status-due = Réponse au plus tard le
status-reference = Référence
status-where = Où
status-records = Entrées
status-records-so-far = Entrées jusqu'ici
status-progress-found = Ce que nous avons trouvé
status-progress-collecting = Où nous rassemblons vos données
status-progress-erasing = Où nous effaçons vos données
status-progress-changing = Où nous effectuons la modification
status-refresh = Actualisez cette page
status-refresh-after = pour voir où nous en sommes.
status-told-heading = Qui d'autre nous avons informé
status-told-lead = Ces destinataires de vos données ont été informés de votre demande (RGPD art. 19) :
status-cancel-lead = Vous avez changé d'avis ? Vous pouvez annuler tant que nous n'avons pas commencé.
status-cancel = Annuler ma demande
status-private = Gardez l'adresse de cette page pour vous : toute personne qui la connaît peut voir cette demande.

# La ligne d'un système pendant le traitement.
step-done = terminé
step-failed = retardé, nous nous en occupons
step-waiting = demande transmise à un partenaire, en attente de sa réponse
step-pending = pas encore commencé
step-collecting = collecte en cours
step-erasing = effacement en cours
step-unknown-count = inconnu

# Quand la réponse est due : « (dans 31 jours) ».
due-when = { $days ->
    [0] aujourd'hui
    [1] demain
   *[other] dans { $days } jours
}
# Affiché une fois la date limite passée ; $then dit ce qui se passe ensuite, le cas échéant.
due-late = { $then }Notre réponse était due au plus tard le { $due } : nous sommes en retard et vous répondrons dès que possible.

badge-unverified = En attente de votre part
badge-review = En cours d'examen
badge-scheduled = Planifiée
badge-processing = En cours
badge-failed = Retardée
badge-done = Terminée
badge-expired = Expirée
badge-cancelled = Annulée
badge-rejected = Refusée
badge-lifted = Levée
badge-in-force = En vigueur

story-unverified-heading = Confirmez votre adresse e-mail
story-unverified-said = Nous vous avons envoyé un e-mail contenant un lien de confirmation. Rien ne se passe tant que vous ne l'avez pas ouvert pour confirmer.
story-unverified-next = Dès votre confirmation, le délai légal de notre réponse commence à courir.
story-review-heading = Nous examinons votre demande
story-review-said = Votre adresse est confirmée. Notre équipe de protection des données vérifie chaque demande de ce type avant que nous commencions.
story-review-by = Nous vous répondrons au plus tard le { $due } ({ $when }).
story-scheduled-heading = L'effacement de vos données est planifié
story-scheduled-said = Nous commencerons à effacer vos données le { $starts }. Vous pouvez annuler d'ici là.
story-scheduled-said-soon = Nous commencerons bientôt à effacer vos données. Vous pouvez annuler d'ici là.
story-scheduled-by = Nous vous enverrons un e-mail une fois l'effacement terminé, au plus tard le { $due } ({ $when }).
story-scheduled-then = Nous vous enverrons un e-mail une fois l'effacement terminé.{ " " }
story-rectification-processing-heading = Nous rectifions vos données
story-restriction-processing-heading = Nous limitons l'utilisation de vos données
story-objection-processing-heading = Nous enregistrons votre opposition
story-changing-said = Nous effectuons la modification dans chacun de nos systèmes et informons les partenaires qui détiennent vos données.
story-changing-by = Nous vous indiquerons par e-mail ce que nous avons modifié et qui nous avons informé, au plus tard le { $due } ({ $when }).
story-changing-then = Nous vous indiquerons par e-mail ce que nous avons modifié et qui nous avons informé.{ " " }
story-collecting-heading = Nous rassemblons vos données
story-collecting-said = Nous réunissons dans une seule archive ce que chacun de nos systèmes détient sur vous.
story-collecting-by = Nous vous enverrons par e-mail un lien de téléchargement dès que l'archive sera prête, au plus tard le { $due } ({ $when }).
story-collecting-then = Nous vous enverrons par e-mail un lien de téléchargement dès que l'archive sera prête.{ " " }
story-erasing-heading = Nous effaçons vos données
story-erasing-said = Nous effaçons vos données de chacun de nos systèmes.
story-erasing-by = Nous vous indiquerons par e-mail ce que nous avons effacé et ce que la loi nous oblige à conserver, au plus tard le { $due } ({ $when }).
story-erasing-then = Nous vous indiquerons par e-mail ce que nous avons effacé et ce que la loi nous oblige à conserver.{ " " }
story-failed-heading = Votre demande a pris du retard
story-failed-said = Un problème est survenu dans l'un de nos systèmes pendant le traitement de votre demande, si bien que nous n'avons pas encore pu la terminer. Notre équipe de protection des données a été prévenue ; dès que le problème sera résolu, nous reprendrons. Votre demande n'est pas perdue.
story-failed-by = Nous vous répondrons malgré tout au plus tard le { $due } ({ $when }).
story-ready-heading = Votre réponse est prête
story-ready-next = Nous vous avons envoyé par e-mail un lien de téléchargement vers une archive de ce que nous avons trouvé ; il fonctionne jusqu'au { $until }. Cherchez notre e-mail, y compris dans vos courriers indésirables.
story-answered-heading = Nous avons répondu à votre demande
story-answered-next = Le lien de téléchargement que nous vous avons envoyé par e-mail a expiré ; l'archive est supprimée à son expiration. Si vous avez besoin d'une nouvelle copie, faites une nouvelle demande.
story-searched-said = Nous avons terminé la recherche de vos données dans nos systèmes le { $on }.
story-searched-said-undated = Nous avons terminé la recherche de vos données dans nos systèmes.
story-erased-heading = Votre demande d'effacement est traitée
story-erased-said = Nous avons terminé de traiter votre demande d'effacement le { $on }.
story-erased-said-undated = Nous avons terminé de traiter votre demande d'effacement.
story-erased-next = Nous vous avons envoyé notre réponse par e-mail : ce que nous avons trouvé et effacé, ce que la loi nous oblige à conserver et jusqu'à quand, et qui d'autre nous avons informé. Cherchez notre e-mail, y compris dans vos courriers indésirables.
story-expired-heading = Cette demande a expiré
story-expired-said = Le lien de confirmation n'a pas été ouvert à temps, nous n'avons donc rien fait.
story-new-request = Vous pouvez faire une nouvelle demande à tout moment.
story-cancelled-heading = Cette demande a été annulée
story-cancelled-said = Nous nous sommes arrêtés avant de faire quoi que ce soit, et ne ferons plus rien pour cette demande.
story-rejected-heading = Nous avons refusé cette demande
story-rejected-said = Nous vous avons indiqué par e-mail la raison, et comment déposer une réclamation si vous n'êtes pas d'accord.
story-changed-emailed = Nous vous avons indiqué par e-mail ce que nous avons modifié et où, et qui d'autre nous avons informé. Cherchez notre e-mail, y compris dans vos courriers indésirables.
story-lifted-heading = La limitation a été levée
story-lifted-said = Nous avons limité l'utilisation de vos données le { $on }, puis avons levé cette limitation.
story-lifted-said-undated = Nous avons limité l'utilisation de vos données, puis avons levé cette limitation.
story-lifted-next = Nous vous avons expliqué pourquoi par e-mail avant de la lever. Si vous n'êtes pas d'accord, répondez à cet e-mail.
story-restricted-heading = L'utilisation de vos données est limitée
story-restricted-said = Nous avons limité l'utilisation de vos données le { $on }. Elle reste limitée jusqu'à ce que nous levions la limitation.
story-restricted-said-undated = Nous avons limité l'utilisation de vos données. Elle reste limitée jusqu'à ce que nous levions la limitation.
story-restricted-next = { story-changed-emailed } Si nous levons un jour la limitation, nous vous préviendrons d'abord par e-mail.
story-corrected-heading = Vos données ont été rectifiées
story-corrected-said = Nous avons terminé la rectification de vos données le { $on }.
story-corrected-said-undated = Nous avons terminé la rectification de vos données.
story-objection-heading = Votre opposition est enregistrée
story-objection-said = Nous avons enregistré votre opposition le { $on } ; elle s'applique à partir de cette date.
story-objection-said-undated = Nous avons enregistré votre opposition ; elle s'applique à partir de ce moment.

## Pages d'erreur

error-new-request = Faire une nouvelle demande
error-not-found-title = Lien introuvable
error-not-found = Nous n'avons pas trouvé cette page. Si vous avez suivi un lien reçu par e-mail, il est peut-être incomplet : copiez le lien en entier, ou faites une nouvelle demande.
error-expired-title = Ce lien a expiré
error-expired = Pour votre sécurité, les liens ne fonctionnent que pendant une durée limitée. Vous pouvez faire une nouvelle demande ; cela ne prend qu'une minute.
error-used-title = Ce lien a déjà été utilisé
error-used = Chaque lien de confirmation ne fonctionne qu'une fois. Si vous avez déjà confirmé, nous vous avons envoyé par e-mail un lien pour suivre votre demande.
error-confirmed-title = Déjà confirmée
error-confirmed = Cette demande est déjà confirmée. Nous vous avons envoyé par e-mail un lien pour la suivre.
error-closed-title = Cette demande est déjà terminée
error-closed = Il n'y a plus rien à confirmer : cette demande a reçu une réponse, a été refusée ou a été annulée. Notre réponse (un lien de téléchargement, ou ce que nous avons effacé) ou le motif de notre refus se trouve dans l'e-mail que nous vous avons envoyé à ce moment-là ; pensez à vérifier aussi vos courriers indésirables.
error-bad-form-title = Ce formulaire pose un problème
error-form-expired-title = Ce formulaire a expiré
error-form-expired = Ce formulaire a expiré ou a été ouvert dans une autre fenêtre. Revenez en arrière, rechargez la page et réessayez.
error-conflict-title = Impossible pour le moment
error-changed-meanwhile = Cette demande a changé entre-temps. Rechargez la page pour voir où elle en est.
error-cannot-change = Cette demande ne peut pas être modifiée pour le moment.
error-too-large-title = Trop de données
error-too-large = Le formulaire a envoyé plus de données que nous n'en acceptons.
error-ours-title = Un problème est survenu de notre côté
error-ours = Rien n'a été modifié. Veuillez réessayer dans quelques minutes.
too-many-title = Trop de demandes
too-many-lead = Vous avez envoyé de nombreuses demandes en peu de temps.
too-many-wait = Veuillez réessayer dans { $wait }.
too-many-wait-unknown = Veuillez patienter quelques minutes, puis réessayer.
wait-seconds = { $n ->
    [one] { $n } seconde
   *[other] { $n } secondes
}
wait-about-seconds = environ { $n } secondes
wait-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
wait-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
