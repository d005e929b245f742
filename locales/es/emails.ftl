# Los correos que recibe el interesado. Cada uno tiene un asunto, un cuerpo de texto y un cuerpo HTML que
# comparten estas frases. { $kind } es lo que se ha solicitado (los textos kind-… de pages.ftl).

email-hello = Hola:
email-button-fallback = O pegue este enlace en su navegador:
email-company-contact = { $company }, { $contact }
email-questions = ¿Tiene preguntas? Escriba a { $contact }
email-complain = Tiene derecho a presentar una reclamación ante una autoridad de control y a interponer un recurso judicial (RGPD art. 12, apdo. 4, art. 77 y art. 79).
email-wrong = Si cree que nos hemos equivocado, responda a este correo. También tiene derecho a presentar una reclamación ante una autoridad de control: { $authority }
email-authority-default = la autoridad de protección de datos del lugar donde vive o trabaja.
email-keep-link = No comparta este enlace: cualquiera que lo tenga puede ver el estado de su solicitud.
email-new-request = Puede hacer una nueva solicitud en cualquier momento: { $link }
email-reason = Motivo:
email-footer-unasked = Recibe este mensaje porque alguien ha introducido esta dirección en nuestro portal de privacidad. Si no ha sido usted, ignore este mensaje: no ocurre nada sin una confirmación.
email-footer-confirmed = Recibe este mensaje por una solicitud de privacidad confirmada para esta dirección.
email-footer-about = Recibe este mensaje en relación con una solicitud de privacidad confirmada para esta dirección.
email-footer-answer = Esta es nuestra respuesta a la solicitud confirmada para esta dirección. Consérvela para su archivo.
email-footer-erasure = Esta es nuestra respuesta a la solicitud de eliminación confirmada para esta dirección. Consérvela para su archivo.

## Confirme su dirección

verify-subject = Confirme su solicitud de privacidad
verify-again = Ya tiene una solicitud abierta en la que pide { $kind }. Aquí tiene un nuevo enlace para confirmarla.
verify-received = Hemos recibido una solicitud en la que se pide { $kind }.
verify-how-text = Para confirmar que esta dirección es suya, abra este enlace y pulse «{ verify-submit }»:
verify-how-html = Para confirmar que esta dirección es suya, abra el enlace de abajo y pulse «{ verify-submit }».
verify-button = Abrir la página de confirmación
verify-expires = El enlace funciona una sola vez y caduca el { $expires }.
reminder-subject = Recordatorio: confirme su solicitud de privacidad
reminder-heading = Confirme su solicitud, por favor
reminder-asked = Ha solicitado { $kind }, pero aún no ha confirmado la solicitud.
reminder-expires = Si no se confirma, la solicitud caducará el { $expires }. Este es el único recordatorio.

## Confirmada o ya abierta

confirmed-subject = Su solicitud de privacidad está confirmada
confirmed-heading = Su solicitud está confirmada
confirmed-thanks = Gracias: su solicitud, en la que pide { $kind }, está confirmada.
confirmed-due = Le responderemos a más tardar el { $due }.
confirmed-follow = Siga su avance, o cancélela mientras aún sea posible, aquí:
email-see-request = Ver su solicitud
existing-subject = Ya tiene una solicitud de privacidad abierta
existing-heading = Su solicitud ya está abierta
existing-again = Ha vuelto a solicitar { $kind }, pero ya hay una solicitud abierta para ello, así que no hemos abierto una segunda.
existing-late = El plazo de nuestra respuesta vencía el { $due }: vamos con retraso y le responderemos lo antes posible.
existing-due = Le responderemos a más tardar el { $due }.
existing-follow = Sígala aquí:
existing-footer = Recibe este mensaje porque alguien ha vuelto a hacer, desde esta dirección, una solicitud que ya está abierta. No se ha iniciado nada nuevo.

## Denegada o más tiempo

rejected-subject = Su solicitud de privacidad ha sido denegada
rejected-heading = Su solicitud ha sido denegada
rejected-reason = Hemos denegado su solicitud, en la que pedía { $kind }, por el siguiente motivo:
extended-subject = Su solicitud de privacidad: necesitamos más tiempo
extended-heading = Necesitamos más tiempo
extended-reason = Necesitamos más tiempo para responder a su solicitud, en la que pide { $kind }, por el siguiente motivo:
extended-law = La ley permite una única prórroga cuando una solicitud es compleja o recibimos muchas ({ $basis }). Le responderemos a más tardar el { $extended }, en lugar del { $due }.
# La base legal de la prórroga, como $basis arriba.
basis-gdpr = RGPD art. 12, apdo. 3
basis-uk = UK GDPR art. 12, apdo. 3
basis-ccpa = CCPA, Cal. Civ. Code §1798.130(a)(2)

## El archivo está listo

ready-subject = Su respuesta está lista para descargar
ready-heading = Su respuesta está lista
ready-intro = Nuestra respuesta a su solicitud de una copia de sus datos está lista: un archivo con los datos personales que tenemos sobre usted (si no tenemos ninguno, así lo indica).
ready-download = Descárguelo aquí:
ready-button = Descargar mis datos
ready-until = El enlace funciona hasta el { $expires }.
ready-covers = El archivo abarca estos sistemas: { $stores }.
ready-readme = Incluye un README.html que explica qué contiene y cuáles son sus derechos.
ready-keep = No comparta este enlace: cualquiera que lo tenga puede descargar sus datos.
ready-footer = Recibe este mensaje por una solicitud confirmada de una copia de los datos que tenemos sobre esta dirección.

## La eliminación está completada

erased-subject-nothing = Su solicitud de eliminación: no hemos encontrado datos personales que eliminar
erased-subject-all-kept = Su solicitud de eliminación: la ley nos obliga a conservar por ahora lo que hemos encontrado
erased-subject-some-kept = Sus datos personales se han eliminado, salvo los registros que la ley nos obliga a conservar
erased-subject-asked = Su solicitud de eliminación: hemos pedido a nuestros socios que eliminen sus datos
erased-subject-done = Sus datos personales se han eliminado
erased-heading-nothing = No hemos encontrado datos personales que eliminar
erased-heading-all-kept = Lo que hemos encontrado, la ley nos obliga a conservarlo por ahora
erased-heading-some-kept = Sus datos se han eliminado, salvo lo que debemos conservar
erased-heading-asked = Hemos pedido a nuestros socios que eliminen sus datos
erased-heading-done = Sus datos se han eliminado
erased-finished = Hemos completado su solicitud de eliminación.
erased-nothing = Hemos buscado en todos los sistemas en los que guardamos datos personales y no hemos encontrado nada vinculado a esta dirección, así que no había nada que eliminar.
erased-what = Lo que hemos eliminado
erased-kept = Lo que debemos conservar por ahora, y por qué
erased-kept-why = La ley nos obliga a conservar algunos registros (RGPD art. 17, apdo. 3). Solo los usamos con ese fin y los eliminamos cuando termina el plazo.
erased-kept-until = Se conserva hasta el { $until } y después se elimina.
erased-kept-between = Cada registro se conserva hasta su propia fecha, entre el { $first } y el { $last }, y después se elimina.
erased-partners = Socios a los que hemos pedido la eliminación
erased-partners-why = Estos socios pueden tener parte de sus datos en sus propios sistemas. Les hemos pedido que los eliminen, y nos han respondido:
erased-told = A quién más hemos informado
erased-told-why = Hemos informado de la eliminación a los demás destinatarios de sus datos (RGPD art. 19):
# La línea de cada lugar: «Tienda — Pedidos: 3 registros borrados».
erased-line-deleted = { $place }: { $count ->
    [one] { $count } registro borrado
   *[other] { $count } registros borrados
}
erased-line-masked = { $place }: sus datos personales retirados de { $count ->
    [one] { $count } registro
   *[other] { $count } registros
} (lo que queda ya no permite identificarle)
erased-line-redacted = { $place }: datos personales retirados de su ficha de cliente
erased-line-erased = { $place }: { $count ->
    [one] { $count } registro eliminado
   *[other] { $count } registros eliminados
}
# Lo que se conserva: «Facturación — Facturas (2 registros)».
kept-what = { $place } ({ $count ->
    [one] { $count } registro
   *[other] { $count } registros
})

## Corrección, limitación u oposición completadas

rights-subject-corrected = Sus datos personales se han corregido
rights-subject-nothing-to-correct = Su solicitud de corrección: no hemos encontrado registros que corregir
rights-subject-restricted = Hemos limitado el tratamiento de sus datos personales
rights-subject-nothing-to-restrict = Su solicitud de limitación: no hemos encontrado registros que limitar
rights-subject-optout = No venderemos ni compartiremos su información personal
rights-subject-marketing = Hemos dejado de usar sus datos para marketing directo
rights-subject-objection = Hemos aceptado su oposición
rights-corrected = Hemos completado su solicitud de corrección de sus datos personales.
rights-corrected-fields = Hemos completado su solicitud de corrección de sus datos personales ({ $fields }).
rights-nothing-to-correct = Hemos buscado en todos los sistemas en los que se guardan estos datos y no hemos encontrado ningún registro vinculado a esta dirección, así que no había nada que corregir.
rights-restricted = Hemos completado su solicitud de limitación del tratamiento de sus datos personales.
rights-nothing-to-restrict = Hemos buscado en todos los sistemas en los que guardamos datos personales y no hemos encontrado ningún registro vinculado a esta dirección, así que no había nada que limitar.
rights-restricted-means = A partir de ahora solo los conservamos: no los usamos de ninguna otra forma sin su consentimiento, salvo para formular, ejercer o defender reclamaciones, para proteger los derechos de otra persona o por razones de interés público importante (RGPD art. 18, apdo. 2). La limitación seguirá en vigor hasta que la levantemos, y le enviaremos un correo antes de hacerlo (art. 18, apdo. 3).
rights-optout = Hemos registrado su solicitud: a partir de ahora no venderemos ni compartiremos su información personal (CCPA §1798.120).
rights-marketing = Hemos registrado su oposición: ya no usamos sus datos personales para marketing directo (RGPD art. 21, apdo. 3).
rights-objection = Hemos aceptado su oposición: ya no tratamos sus datos personales para los fines a los que usted se ha opuesto (RGPD art. 21, apdo. 1).
rights-where-corrected = Dónde los hemos corregido
rights-where-recorded = Dónde lo hemos registrado
rights-told = Hemos informado a los socios y a los demás destinatarios de sus datos (RGPD art. 19):
# La línea de cada lugar: «Cuenta — Usuarios: 1 registro».
rights-place = { $place }: { $count ->
    [one] { $count } registro
   *[other] { $count } registros
}

## Antes de levantar una limitación

lifting-subject = Vamos a levantar la limitación del tratamiento de sus datos personales
lifting-intro = Nos pidió que limitáramos el tratamiento de sus datos personales, y así lo hicimos. Ahora vamos a levantar esa limitación, y se lo comunicamos antes, como exige el RGPD (art. 18, apdo. 3).
lifting-after = Una vez levantada, volveremos a tratar sus datos como antes de la limitación.
lifting-follow-text = Puede seguir su solicitud aquí:
lifting-follow-link = Siga su solicitud en su página de estado.
lifting-disagree = Si no está de acuerdo, responda a este correo. También tiene derecho a presentar una reclamación ante una autoridad de control: { $authority }
lifting-footer = Este mensaje se refiere a la limitación solicitada para esta dirección.
