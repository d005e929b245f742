# Las páginas para el interesado: el formulario de solicitud, la página de confirmación, la página de estado, las páginas de error.
# El inglés es la fuente de todas las claves; los demás idiomas traducen cada una. Los valores entre { $… }
# los rellena el portal; consérvelos. Las formas de plural siguen las reglas de cada idioma.

## Fechas, horas y números (también los usan los correos electrónicos y README.html)

date-long = { $day } de { $month } de { $year }
# Una hora se indica siempre con su zona horaria.
time-long = { $date } a las { $clock } UTC
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## Todas las páginas

site-name = Portal de privacidad
site-name-company = Portal de privacidad de { $company }
site-brand-company = { $company } · Privacidad
skip-to-content = Ir al contenido
languages-label = Idioma
footer-rights = Entre sus derechos están obtener una copia de sus datos personales (RGPD art. 15), llevarlos a otro servicio (art. 20) y su eliminación (art. 17).
footer-run-by = Este portal lo gestiona { $company }.
footer-contact = ¿Tiene preguntas o prefiere escribirnos?

## El formulario de solicitud

index-title = Solicitud sobre sus datos
index-title-error = Error: Solicitud sobre sus datos
index-heading = Sus datos personales
index-lead = Solicite una copia de todo lo que tenemos sobre usted, pídanos que lo eliminemos o lo corrijamos, o díganos que dejemos de usarlo. Primero enviamos un enlace de confirmación a su dirección: no ocurre nada hasta que usted confirme.
index-email = Su dirección de correo electrónico
index-what = ¿Qué desea?
kind-access-choice = Una copia de mis datos
kind-access-hint = Un archivo zip con todo lo que tenemos sobre usted (arts. 15 y 20).
kind-erasure-choice = Eliminar mis datos
kind-erasure-hint = Eliminamos lo que podemos; lo que la ley nos obliga a conservar (como las facturas) se conserva solo el tiempo exigido (art. 17).
kind-rectification-choice = Corregir mis datos
kind-rectification-hint = Díganos qué está mal y cómo debería ser (art. 16).
kind-restriction-choice = Limitar el uso de mis datos
kind-restriction-hint = Conservamos sus datos, pero no los usamos mientras, por ejemplo, usted impugna su exactitud (art. 18).
kind-objection-choice = Oponerme al uso de mis datos
kind-objection-hint = Para marketing directo, o para otra finalidad a la que usted se opone (art. 21).
kind-optout-choice = No vender ni compartir mi información personal
kind-optout-hint = Dejamos de vender o compartir su información personal (CCPA §1798.120).
index-rectification-legend = Si solicita una corrección: los datos correctos
index-rectification-hint = Rellene solo lo que está mal; deje el resto vacío.
index-restriction-legend = Si solicita una limitación: por qué
ground-accuracy_contested = Impugno la exactitud de mis datos
ground-unlawful_processing = El tratamiento es ilícito, y quiero que se limite en lugar de que se eliminen los datos
ground-legal_claims = Necesito los datos para formular, ejercer o defender reclamaciones
ground-objection_pending = Me he opuesto al tratamiento y espero la respuesta
index-objection-legend = Si se opone: a qué
scope-direct-marketing = Marketing directo (lo dejamos en cuanto usted confirme)
scope-optout = Que se venda o comparta mi información personal
scope-other = Otro uso de mis datos, por motivos relacionados con mi situación particular (nuestro equipo de privacidad los valora; indique el motivo más abajo)
index-note = Algo que quiera añadir (opcional; si se opone a otro uso, sus motivos)
index-submit = Enviarme un enlace de confirmación

## Errores del formulario

error-email-empty = Introduzca su dirección de correo electrónico.
error-email-too-long = Esta dirección es demasiado larga: una dirección de correo electrónico tiene como máximo 254 caracteres.
error-email-invalid = Esto no parece una dirección de correo electrónico. Compruebe que tiene una @ y un dominio, como nombre@example.com.
error-kind = Elija qué desea que hagamos.
error-ground = Elija uno de los motivos indicados.
error-scope = Elija una de las opciones indicadas.
error-no-change = Indique el valor correcto de al menos un campo.
error-objection-note = Díganos por qué se opone: sus motivos, relacionados con su situación particular.

## Después del formulario

sent-title = Revise su bandeja de entrada
sent-lead = Si la dirección que ha introducido es válida, le hemos enviado un enlace. Ábralo y pulse «{ verify-submit }» para iniciar su solicitud.
sent-expiry = { $hours ->
    [one] El enlace funciona una sola vez y caduca en { $hours } hora.
   *[other] El enlace funciona una sola vez y caduca en { $hours } horas.
} Si ya tenía una solicitud abierta del mismo tipo, el mensaje contiene en su lugar un enlace a esa solicitud.
sent-nothing = ¿No ha recibido nada? Revise su carpeta de spam o
sent-try-again = vuelva a intentarlo

## La página de confirmación

verify-title = Confirme su solicitud
verify-lead = Ha solicitado { $kind }. Pulse el botón para confirmar que la dirección { $email } es suya.
verify-submit = Confirmar mi solicitud
verify-not-you = ¿No lo ha solicitado usted? Cierre esta página: no ocurre nada sin una confirmación.

# Lo solicitado, tal como se lee en una frase.
kind-access = una copia de sus datos personales
kind-erasure = la eliminación de sus datos personales
kind-rectification = la corrección de sus datos personales
kind-restriction = la limitación del tratamiento de sus datos personales
kind-objection = oponerse al tratamiento de sus datos personales

## La página de estado

status-title = Su solicitud
status-asked = Ha solicitado
status-state = Estado
status-received = Recibida
status-due = Plazo de respuesta
status-reference = Referencia
status-where = Dónde
status-records = Registros
status-records-so-far = Registros hasta ahora
status-progress-found = Lo que hemos encontrado
status-progress-collecting = Dónde estamos recopilando
status-progress-erasing = Dónde estamos eliminando
status-progress-changing = Dónde estamos aplicando el cambio
status-refresh = Actualice esta página
status-refresh-after = para ver la información más reciente.
status-told-heading = A quién más hemos informado
status-told-lead = Hemos informado de su solicitud a estos destinatarios de sus datos (RGPD art. 19):
status-cancel-lead = ¿Ha cambiado de opinión? Puede cancelarla mientras no hayamos empezado.
status-cancel = Cancelar mi solicitud
status-private = No comparta la dirección de esta página: cualquiera que la tenga puede ver esta solicitud.

# La línea de cada lugar mientras se trabaja.
step-done = completado
step-failed = con retraso, estamos en ello
step-waiting = hemos preguntado a un socio y esperamos su respuesta
step-pending = aún no iniciado
step-collecting = recopilando
step-erasing = eliminando
step-unknown-count = desconocido

# Cuándo vence el plazo de respuesta: «(dentro de 31 días)».
due-when = { $days ->
    [0] hoy
    [1] mañana
   *[other] dentro de { $days } días
}
# Se dice una vez pasada la fecha límite; $then es lo que ocurre después, si ocurre algo.
due-late = { $then }El plazo de nuestra respuesta vencía el { $due }: vamos con retraso y le responderemos lo antes posible.

badge-unverified = Pendiente de su confirmación
badge-review = En revisión
badge-scheduled = Programada
badge-processing = En curso
badge-failed = Con retraso
badge-done = Completada
badge-expired = Caducada
badge-cancelled = Cancelada
badge-rejected = Denegada
badge-lifted = Levantada
badge-in-force = En vigor

story-unverified-heading = Confirme su dirección de correo electrónico
story-unverified-said = Le hemos enviado un correo electrónico con un enlace de confirmación. No ocurre nada hasta que lo abra y confirme.
story-unverified-next = En cuanto confirme, empieza a correr el plazo legal para nuestra respuesta.
story-review-heading = Estamos revisando su solicitud
story-review-said = Su dirección está confirmada. Nuestro equipo de privacidad revisa cada solicitud de este tipo antes de empezar.
story-review-by = Le responderemos a más tardar el { $due } ({ $when }).
story-scheduled-heading = La eliminación de sus datos está programada
story-scheduled-said = Empezaremos a eliminar sus datos el { $starts }. Puede cancelar la solicitud hasta entonces.
story-scheduled-said-soon = Empezaremos a eliminar sus datos en breve. Puede cancelar la solicitud hasta entonces.
story-scheduled-by = Le enviaremos un correo cuando esté hecho, a más tardar el { $due } ({ $when }).
story-scheduled-then = Le enviaremos un correo cuando esté hecho.{ " " }
story-rectification-processing-heading = Estamos corrigiendo sus datos
story-restriction-processing-heading = Estamos limitando el uso de sus datos
story-objection-processing-heading = Estamos registrando su oposición
story-changing-said = Estamos aplicando el cambio en cada uno de nuestros sistemas e informando a los socios que tienen sus datos.
story-changing-by = Le enviaremos por correo qué hemos cambiado y a quién hemos informado, a más tardar el { $due } ({ $when }).
story-changing-then = Le enviaremos por correo qué hemos cambiado y a quién hemos informado.{ " " }
story-collecting-heading = Estamos recopilando sus datos
story-collecting-said = Estamos reuniendo en un solo archivo lo que cada uno de nuestros sistemas tiene sobre usted.
story-collecting-by = Le enviaremos por correo un enlace de descarga cuando el archivo esté listo, a más tardar el { $due } ({ $when }).
story-collecting-then = Le enviaremos por correo un enlace de descarga cuando el archivo esté listo.{ " " }
story-erasing-heading = Estamos eliminando sus datos
story-erasing-said = Estamos eliminando sus datos de cada uno de nuestros sistemas.
story-erasing-by = Le enviaremos por correo qué hemos eliminado y lo que la ley nos obliga a conservar, a más tardar el { $due } ({ $when }).
story-erasing-then = Le enviaremos por correo qué hemos eliminado y lo que la ley nos obliga a conservar.{ " " }
story-failed-heading = Su solicitud lleva retraso
story-failed-said = Algo falló en uno de nuestros sistemas mientras trabajábamos en su solicitud, por lo que aún no hemos podido terminarla. Nuestro equipo de privacidad ya está avisado; en cuanto se solucione, continuaremos. Su solicitud no se ha perdido.
story-failed-by = Aun así, le responderemos a más tardar el { $due } ({ $when }).
story-ready-heading = Su respuesta está lista
story-ready-next = Le hemos enviado por correo un enlace de descarga a un archivo con lo que hemos encontrado; funciona hasta el { $until }. Busque nuestro correo, también en su carpeta de spam.
story-answered-heading = Hemos respondido a su solicitud
story-answered-next = El enlace de descarga que le enviamos por correo ha caducado, y al caducar eliminamos el archivo. Si necesita otra copia, haga una nueva solicitud.
story-searched-said = Terminamos de buscar sus datos en nuestros sistemas el { $on }.
story-searched-said-undated = Hemos terminado de buscar sus datos en nuestros sistemas.
story-erased-heading = Su solicitud de eliminación está completada
story-erased-said = Completamos su solicitud de eliminación el { $on }.
story-erased-said-undated = Hemos completado su solicitud de eliminación.
story-erased-next = Le hemos enviado nuestra respuesta por correo: qué hemos encontrado y eliminado, lo que la ley nos obliga a conservar y hasta cuándo, y a quién más hemos informado. Busque nuestro correo, también en su carpeta de spam.
story-expired-heading = Esta solicitud ha caducado
story-expired-said = El enlace de confirmación no se abrió a tiempo, así que no hicimos nada.
story-new-request = Puede hacer una nueva solicitud en cualquier momento.
story-cancelled-heading = Esta solicitud se ha cancelado
story-cancelled-said = Nos detuvimos antes de hacer nada y no haremos nada más con ella.
story-rejected-heading = Hemos denegado esta solicitud
story-rejected-said = Le hemos enviado por correo el motivo y cómo reclamar si no está de acuerdo.
story-changed-emailed = Le hemos enviado por correo qué hemos cambiado y dónde, y a quién más hemos informado. Busque nuestro correo, también en su carpeta de spam.
story-lifted-heading = Se ha levantado la limitación
story-lifted-said = Limitamos el uso de sus datos el { $on } y posteriormente levantamos la limitación.
story-lifted-said-undated = Limitamos el uso de sus datos y posteriormente levantamos la limitación.
story-lifted-next = Antes de levantarla le explicamos el motivo por correo. Si no está de acuerdo, responda a ese correo.
story-restricted-heading = El uso de sus datos está limitado
story-restricted-said = Limitamos el uso de sus datos el { $on }. Seguirá limitado hasta que levantemos la limitación.
story-restricted-said-undated = Hemos limitado el uso de sus datos. Seguirá limitado hasta que levantemos la limitación.
story-restricted-next = { story-changed-emailed } Si alguna vez levantamos la limitación, se lo comunicaremos antes por correo.
story-corrected-heading = Su corrección se ha completado
story-corrected-said = Terminamos de corregir sus datos el { $on }.
story-corrected-said-undated = Hemos terminado de corregir sus datos.
story-objection-heading = Su oposición está registrada
story-objection-said = Registramos su oposición el { $on }; se aplica desde ese momento.
story-objection-said-undated = Hemos registrado su oposición; se aplica desde ese momento.

## Páginas de error

error-new-request = Hacer una nueva solicitud
error-not-found-title = Enlace no encontrado
error-not-found = No hemos encontrado esta página. Si ha seguido un enlace de un correo electrónico, puede que esté incompleto: copie el enlace completo o inicie una nueva solicitud.
error-expired-title = Este enlace ha caducado
error-expired = Por su seguridad, los enlaces solo funcionan durante un tiempo limitado. Puede iniciar una nueva solicitud; solo le llevará un minuto.
error-used-title = Este enlace ya se ha utilizado
error-used = Cada enlace de confirmación funciona una sola vez. Si ya ha confirmado, le hemos enviado por correo un enlace para seguir su solicitud.
error-confirmed-title = Ya confirmada
error-confirmed = Esta solicitud ya está confirmada. Le hemos enviado por correo un enlace para seguirla.
error-closed-title = Esta solicitud ya ha finalizado
error-closed = No queda nada por confirmar: esta solicitud se respondió, se denegó o se canceló. Nuestra respuesta (un enlace de descarga, o lo que eliminamos) o el motivo de la denegación están en el correo que le enviamos entonces; mire también en su carpeta de spam.
error-bad-form-title = Hay un problema con este formulario
error-form-expired-title = Este formulario ha caducado
error-form-expired = Este formulario ha caducado o se abrió en otra ventana. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-conflict-title = Ahora no es posible
error-changed-meanwhile = Esta solicitud ha cambiado mientras tanto. Recargue la página para ver en qué punto se encuentra.
error-cannot-change = Esta solicitud no se puede cambiar en este momento.
error-too-large-title = Demasiados datos
error-too-large = El formulario ha enviado más datos de los que aceptamos.
error-ours-title = Algo ha fallado por nuestra parte
error-ours = No se ha cambiado nada. Inténtelo de nuevo dentro de unos minutos.
too-many-title = Demasiadas solicitudes
too-many-lead = Ha enviado muchas solicitudes en poco tiempo.
too-many-wait = Inténtelo de nuevo dentro de { $wait }.
too-many-wait-unknown = Espere unos minutos e inténtelo de nuevo.
wait-seconds = { $n ->
    [one] { $n } segundo
   *[other] { $n } segundos
}
wait-about-seconds = unos { $n } segundos
wait-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
wait-hours = { $n ->
    [one] { $n } hora
   *[other] { $n } horas
}
