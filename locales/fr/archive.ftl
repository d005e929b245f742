# Le README.html de l'archive que télécharge la personne concernée : son contenu, ce que la loi nous oblige à conserver,
# et les informations exigées par le RGPD (art. 15, par. 1).

readme-title = Vos données personnelles — { $controller }
readme-heading = Vos données personnelles
readme-intro = Cette archive répond à votre demande { $request } de copie de vos données personnelles (RGPD art. 15 et 20), pour l'adresse { $email }.
readme-made-by = { $company } l'a créée le { $date }.
readme-made = Nous l'avons créée le { $date }.
readme-questions = Des questions à ce sujet ? Écrivez à
readme-nothing-heading = Nous ne détenons aucune donnée personnelle vous concernant
readme-nothing = Nous avons cherché dans chacun des systèmes énumérés ci-dessous et n'avons trouvé aucune entrée liée à votre adresse, et nous ne conservons aucune donnée vous concernant en vertu d'une obligation légale. Cette archive le confirme, comme l'exige l'art. 15.
readme-kept-heading = Entrées que la loi nous oblige à conserver
readme-kept-intro = Lorsque nous avons effacé vos données, la loi nous a obligés à conserver ces entrées pendant un certain temps (RGPD art. 17, par. 3). Nous ne les utilisons qu'à cette fin et les supprimons à la fin de la durée de conservation.
readme-kept-count = { $count ->
    [one] { $count } entrée, conservée depuis le { $since }.
   *[other] { $count } entrées, conservées depuis le { $since }.
}
readme-kept-until = Conservation jusqu'au { $until }.
readme-kept-between = Chaque entrée est conservée jusqu'à sa propre date, entre le { $first } et le { $last }.
readme-kept-not-copied = Nous n'avons pas pu en joindre une copie à cette archive.
readme-kept-copied = Cette archive en contient une copie :
readme-kept-and = et
readme-kept-still-yours = Ces entrées restent vos données personnelles ; cette archive en contient donc une copie, indiquée plus bas sous chaque système avec la mention « conservation imposée par la loi ».
readme-kept-ask-copy = Pour obtenir une copie des entrées qui n'ont pas pu y être incluses, écrivez à
readme-kept-ask-copy-reply = Pour obtenir une copie des entrées qui n'ont pas pu y être incluses, répondez à l'e-mail par lequel vous avez reçu cette archive.
readme-run-heading = Entrées que la loi nous oblige peut-être à conserver
readme-run-intro = Le { $date }, nous avons effacé vos données en application de nos règles de conservation, en même temps que celles d'autres personnes. La loi nous oblige à conserver certains types d'entrées pendant un certain temps, même après un effacement (RGPD art. 17, par. 3) ; si certaines d'entre elles vous concernent, nous ne les utilisons qu'à cette fin et les supprimons à la fin de la durée de conservation :
readme-run-until = Conservation jusqu'au { $until } au plus tard.
readme-run-ask = Écrivez-nous et nous vous dirons lesquelles vous concernent et vous en enverrons une copie :
readme-run-ask-reply = Répondez à l'e-mail par lequel vous avez reçu cette archive et nous vous dirons lesquelles vous concernent et vous en enverrons une copie.
readme-contents-heading = Contenu de cette archive
readme-contents = Chaque dossier correspond à l'un de nos systèmes. Les tables de base de données sont fournies en .csv (s'ouvre dans un tableur) et en .json (pour les transférer vers un autre service) ; manifest.json liste chaque fichier avec son nombre de lignes et sa somme de contrôle SHA-256.
readme-contents-kept = Les fichiers dont le nom se termine par « (kept) » contiennent les entrées que la loi nous oblige à conserver.
readme-partner = un partenaire que nous avons sollicité par e-mail
readme-partner-intro = Le système de ce partenaire n'est pas relié au nôtre : nous lui avons donc demandé vos données.
readme-partner-answer = Sa réponse : « { $note } »
readme-partner-no-files = Il n'a envoyé aucun fichier.
readme-partner-files = Les fichiers qu'il a envoyés :
readme-store-records = { $count ->
    [one] { $count } entrée ; dossier { $folder }
   *[other] { $count } entrées ; dossier { $folder }
}
readme-table-kept = (conservation imposée par la loi)
readme-table-records = { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}
readme-table-kept-why = que la loi nous oblige à conserver après l'effacement de vos données (voir plus haut)
readme-table-first = { $label } : les premières entrées
readme-table-more = Les { $shown } premières sur { $count } ; toutes figurent dans les fichiers.
readme-about-heading = À propos de ce traitement (art. 15, par. 1)
readme-controller = Responsable du traitement :
readme-controller-default = l'entreprise qui gère ce portail
readme-purposes = Finalités :
readme-categories = Catégories de données :
readme-recipients = Destinataires :
readme-retention = Durée de conservation :
readme-retention-default = aussi longtemps que nécessaire aux finalités ci-dessus, et selon ce qu'exige la loi.
readme-source = Origine des données :
readme-source-default = vous-même, et votre utilisation de notre service.
readme-automated = Décisions automatisées, y compris le profilage :
readme-automated-default = aucune.
readme-rights = Vos droits :
readme-rights-text = vous pouvez nous demander de rectifier (art. 16) ou d'effacer (art. 17) vos données, d'en limiter le traitement (art. 18), et vous pouvez vous opposer à ce traitement (art. 21). Vous pouvez transférer ces données vers un autre service (art. 20).
readme-complaints = Réclamations :
readme-complaints-text = vous avez le droit d'introduire une réclamation auprès d'une autorité de contrôle (art. 77).
