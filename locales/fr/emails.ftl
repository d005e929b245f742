# Les e-mails que reçoit la personne concernée. Chacun a un objet, un corps en texte et un corps en HTML qui
# partagent ces phrases. { $kind } est l'objet de la demande (les textes kind-… de pages.ftl).

email-hello = Bonjour,
email-button-fallback = Ou collez ce lien dans votre navigateur :
email-company-contact = { $company }, { $contact }
email-questions = Des questions ? Écrivez à { $contact }
email-complain = Vous avez le droit d'introduire une réclamation auprès d'une autorité de contrôle et de former un recours juridictionnel (RGPD art. 12, par. 4, art. 77 et art. 79).
email-wrong = Si vous pensez que nous avons commis une erreur, répondez à cet e-mail. Vous avez également le droit d'introduire une réclamation auprès d'une autorité de contrôle : { $authority }
email-authority-default = l'autorité de protection des données du lieu où vous résidez ou travaillez.
email-keep-link = Gardez ce lien pour vous : toute personne qui l'a peut voir le statut de votre demande.
email-new-request = Vous pouvez faire une nouvelle demande à tout moment : { $link }
email-reason = Motif :
email-footer-unasked = Vous recevez ce message parce que quelqu'un a saisi cette adresse sur notre portail de protection des données. Si ce n'était pas vous, ignorez ce message : rien ne se passe sans confirmation.
email-footer-confirmed = Vous recevez ce message en raison d'une demande confirmée concernant les données personnelles liées à cette adresse.
email-footer-about = Vous recevez ce message au sujet d'une demande confirmée concernant les données personnelles liées à cette adresse.
email-footer-answer = Voici notre réponse à la demande confirmée pour cette adresse. Conservez-la pour vos archives.
email-footer-erasure = Voici notre réponse à la demande d'effacement confirmée pour cette adresse. Conservez-la pour vos archives.

## Confirmer votre adresse

verify-subject = Confirmez votre demande concernant vos données
verify-again = Vous avez déjà une demande en cours portant sur { $kind }. Voici un nouveau lien pour la confirmer.
verify-received = Nous avons reçu une demande portant sur { $kind }.
verify-how-text = Pour confirmer que cette adresse est bien la vôtre, ouvrez ce lien et cliquez sur « { verify-submit } » :
verify-how-html = Pour confirmer que cette adresse est bien la vôtre, ouvrez le lien ci-dessous et cliquez sur « { verify-submit } ».
verify-button = Ouvrir la page de confirmation
verify-expires = Le lien ne fonctionne qu'une fois et expire le { $expires }.
reminder-subject = Rappel : confirmez votre demande concernant vos données
reminder-heading = Veuillez confirmer votre demande
reminder-asked = Vous avez fait une demande portant sur { $kind }, mais vous ne l'avez pas encore confirmée.
reminder-expires = Sans confirmation, la demande expirera le { $expires }. C'est le seul rappel.

## Confirmée, ou déjà en cours

confirmed-subject = Votre demande concernant vos données est confirmée
confirmed-heading = Votre demande est confirmée
confirmed-thanks = Merci : votre demande portant sur { $kind } est confirmée.
confirmed-due = Nous vous répondrons au plus tard le { $due }.
confirmed-follow = Suivez son avancement, ou annulez-la tant que c'est encore possible, ici :
email-see-request = Voir votre demande
existing-subject = Vous avez déjà une demande en cours concernant vos données
existing-heading = Votre demande est déjà en cours
existing-again = Vous avez de nouveau fait une demande portant sur { $kind }, mais une demande de ce type est déjà en cours : nous n'en avons donc pas ouvert une seconde.
existing-late = Notre réponse était due au plus tard le { $due } : nous sommes en retard et vous répondrons dès que possible.
existing-due = Nous y répondrons au plus tard le { $due }.
existing-follow = Suivez-la ici :
existing-footer = Vous recevez ce message parce que quelqu'un a refait, depuis cette adresse, une demande qui est déjà en cours. Rien de nouveau n'a été lancé.

## Refusée, ou plus de temps

rejected-subject = Votre demande concernant vos données a été refusée
rejected-heading = Votre demande a été refusée
rejected-reason = Nous avons refusé votre demande portant sur { $kind }, pour la raison suivante :
extended-subject = Votre demande concernant vos données : nous avons besoin de plus de temps
extended-heading = Nous avons besoin de plus de temps
extended-reason = Nous avons besoin de plus de temps pour répondre à votre demande portant sur { $kind }, pour la raison suivante :
extended-law = La loi permet une seule prolongation lorsqu'une demande est complexe ou que nous en recevons beaucoup ({ $basis }). Nous vous répondrons au plus tard le { $extended }, au lieu du { $due }.
# La base légale de la prolongation, pour $basis ci-dessus.
basis-gdpr = RGPD art. 12, par. 3
basis-uk = UK GDPR art. 12, par. 3
basis-ccpa = CCPA, Cal. Civ. Code §1798.130(a)(2)

## L'archive est prête

ready-subject = Votre réponse est prête à être téléchargée
ready-heading = Votre réponse est prête
ready-intro = Notre réponse à votre demande de copie de vos données est prête : une archive des données personnelles que nous détenons sur vous (si nous n'en détenons aucune, elle l'indique).
ready-download = Téléchargez-la ici :
ready-button = Télécharger mes données
ready-until = Le lien fonctionne jusqu'au { $expires }.
ready-covers = L'archive couvre les systèmes suivants : { $stores }.
ready-readme = Elle contient un fichier README.html qui explique son contenu et vos droits.
ready-keep = Gardez ce lien pour vous : toute personne qui l'a peut télécharger vos données.
ready-footer = Vous recevez ce message en raison d'une demande confirmée de copie des données que nous détenons concernant cette adresse.

## L'effacement est terminé

erased-subject-nothing = Votre demande d'effacement : nous n'avons trouvé aucune donnée personnelle à effacer
erased-subject-all-kept = Votre demande d'effacement : la loi nous oblige à conserver pour l'instant ce que nous avons trouvé
erased-subject-some-kept = Vos données personnelles ont été effacées, sauf les entrées que la loi nous oblige à conserver
erased-subject-asked = Votre demande d'effacement : nous avons demandé à nos partenaires d'effacer vos données
erased-subject-done = Vos données personnelles ont été effacées
erased-heading-nothing = Nous n'avons trouvé aucune donnée personnelle à effacer
erased-heading-all-kept = Ce que nous avons trouvé, la loi nous oblige à le conserver pour l'instant
erased-heading-some-kept = Vos données ont été effacées, sauf ce que nous devons conserver
erased-heading-asked = Nous avons demandé à nos partenaires d'effacer vos données
erased-heading-done = Vos données ont été effacées
erased-finished = Nous avons terminé de traiter votre demande d'effacement.
erased-nothing = Nous avons cherché dans chacun des systèmes où nous conservons des données personnelles et n'avons rien trouvé qui soit lié à cette adresse : il n'y avait donc rien à effacer.
erased-what = Ce que nous avons effacé
erased-kept = Ce que nous devons conserver pour l'instant, et pourquoi
erased-kept-why = La loi nous oblige à conserver certaines entrées (RGPD art. 17, par. 3). Nous ne les utilisons qu'à cette fin et les supprimons à la fin de la durée de conservation.
erased-kept-until = Conservation jusqu'au { $until }, puis suppression.
erased-kept-between = Chaque entrée est conservée jusqu'à sa propre date, entre le { $first } et le { $last }, puis supprimée.
erased-partners = Partenaires à qui nous avons demandé l'effacement
erased-partners-why = Ces partenaires peuvent détenir une partie de vos données dans leurs propres systèmes. Nous leur avons demandé de les effacer, et ils nous ont répondu :
erased-told = Qui d'autre nous avons informé
erased-told-why = Nous avons informé de l'effacement les autres destinataires de vos données (RGPD art. 19) :
# La ligne d'un système : « Boutique — Commandes : 3 entrées supprimées ».
erased-line-deleted = { $place } : { $count ->
    [one] { $count } entrée supprimée
   *[other] { $count } entrées supprimées
}
erased-line-masked = { $place } : vos données personnelles retirées de { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
} (ce qui reste ne permet plus de vous identifier)
erased-line-redacted = { $place } : données personnelles retirées de votre fiche client
erased-line-erased = { $place } : { $count ->
    [one] { $count } entrée effacée
   *[other] { $count } entrées effacées
}
# Ce qui est conservé : « Facturation — Factures (2 entrées) ».
kept-what = { $place } ({ $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
})

## Rectification, limitation, opposition effectuées

rights-subject-corrected = Vos données personnelles ont été rectifiées
rights-subject-nothing-to-correct = Votre demande de rectification : nous n'avons trouvé aucune entrée à rectifier
rights-subject-restricted = Nous avons limité le traitement de vos données personnelles
rights-subject-nothing-to-restrict = Votre demande de limitation : nous n'avons trouvé aucune entrée à limiter
rights-subject-optout = Nous ne vendrons ni ne partagerons vos informations personnelles
rights-subject-marketing = Nous n'utilisons plus vos données à des fins de prospection commerciale
rights-subject-objection = Nous avons accepté votre opposition
rights-corrected = Nous avons terminé de traiter votre demande de rectification de vos données personnelles.
rights-corrected-fields = Nous avons terminé de traiter votre demande de rectification de vos données personnelles ({ $fields }).
rights-nothing-to-correct = Nous avons cherché dans chacun des systèmes où ces informations sont conservées et n'avons trouvé aucune entrée liée à cette adresse : il n'y avait donc rien à rectifier.
rights-restricted = Nous avons terminé de traiter votre demande de limitation du traitement de vos données personnelles.
rights-nothing-to-restrict = Nous avons cherché dans chacun des systèmes où nous conservons des données personnelles et n'avons trouvé aucune entrée liée à cette adresse : il n'y avait donc rien à limiter.
rights-restricted-means = Désormais, nous nous contentons de les conserver : nous ne les utilisons d'aucune autre manière sans votre consentement, sauf pour la constatation, l'exercice ou la défense de droits en justice, pour la protection des droits d'une autre personne ou pour des motifs importants d'intérêt public (RGPD art. 18, par. 2). La limitation reste en vigueur jusqu'à ce que nous la levions, et nous vous préviendrons par e-mail avant de le faire (art. 18, par. 3).
rights-optout = Nous avons enregistré votre demande : désormais, nous ne vendrons ni ne partagerons vos informations personnelles (CCPA §1798.120).
rights-marketing = Nous avons enregistré votre opposition : nous n'utilisons plus vos données personnelles à des fins de prospection commerciale (RGPD art. 21, par. 3).
rights-objection = Nous avons accepté votre opposition : nous ne traitons plus vos données personnelles pour les finalités qui font l'objet de votre opposition (RGPD art. 21, par. 1).
rights-where-corrected = Où nous les avons rectifiées
rights-where-recorded = Où nous l'avons enregistrée
rights-told = Nous avons informé les partenaires et les autres destinataires de vos données (RGPD art. 19) :
# La ligne d'un système : « Compte — Utilisateurs : 1 entrée ».
rights-place = { $place } : { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}

## Avant la levée d'une limitation

lifting-subject = Nous levons la limitation du traitement de vos données personnelles
lifting-intro = Vous nous avez demandé de limiter le traitement de vos données personnelles, et nous l'avons fait. Nous levons maintenant cette limitation, et nous vous en informons d'abord, comme l'exige le RGPD (art. 18, par. 3).
lifting-after = Une fois la limitation levée, nous traiterons de nouveau vos données comme avant la limitation.
lifting-follow-text = Vous pouvez suivre votre demande ici :
lifting-follow-link = Suivez votre demande sur sa page de suivi.
lifting-disagree = Si vous n'êtes pas d'accord, répondez à cet e-mail. Vous avez également le droit d'introduire une réclamation auprès d'une autorité de contrôle : { $authority }
lifting-footer = Ce message concerne la limitation demandée pour cette adresse.
