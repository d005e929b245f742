# El README.html del archivo que descarga el interesado: qué contiene, qué conservamos porque la ley nos obliga
# y la información que exige el RGPD (art. 15, apdo. 1).

readme-title = Sus datos personales — { $controller }
readme-heading = Sus datos personales
readme-intro = Este archivo responde a su solicitud { $request } de una copia de sus datos personales (RGPD arts. 15 y 20), para la dirección { $email }.
readme-made-by = { $company } lo creó el { $date }.
readme-made = Lo creamos el { $date }.
readme-questions = ¿Tiene preguntas sobre este archivo? Escriba a
readme-nothing-heading = No tenemos datos personales sobre usted
readme-nothing = Hemos buscado en todos los sistemas que se indican más abajo y no hemos encontrado ningún registro vinculado a su dirección, y no conservamos nada sobre usted por obligación legal. Este archivo lo confirma, como exige el art. 15.
readme-kept-heading = Registros que conservamos porque la ley lo exige
readme-kept-intro = Cuando eliminamos sus datos, la ley nos obligó a conservar estos registros durante un tiempo (RGPD art. 17, apdo. 3). Solo los usamos con ese fin y los eliminamos cuando termina el plazo.
readme-kept-count = { $count ->
    [one] { $count } registro, conservado desde el { $since }.
   *[other] { $count } registros, conservados desde el { $since }.
}
readme-kept-until = Se conserva hasta el { $until }.
readme-kept-between = Cada registro se conserva hasta su propia fecha, entre el { $first } y el { $last }.
readme-kept-not-copied = No hemos podido incluir una copia en este archivo.
readme-kept-copied = Este archivo incluye una copia:
readme-kept-and = y
readme-kept-still-yours = Siguen siendo sus datos personales, por lo que este archivo incluye una copia, que figura más abajo en cada sistema con la indicación «se conserva por obligación legal».
readme-kept-ask-copy = Para obtener una copia de los registros que no se han podido incluir, escriba a
readme-kept-ask-copy-reply = Para obtener una copia de los registros que no se han podido incluir, responda al correo con el que recibió este archivo.
readme-run-heading = Registros que quizá conservemos porque la ley lo exige
readme-run-intro = El { $date } eliminamos sus datos conforme a nuestras normas de conservación, junto con los de otras personas. La ley nos obliga a conservar algunos tipos de registros durante un tiempo incluso después de una eliminación (RGPD art. 17, apdo. 3); si alguno de ellos es suyo, solo lo usamos con ese fin y lo eliminamos cuando termina el plazo:
readme-run-until = Se conserva hasta el { $until } como máximo.
readme-run-ask = Escríbanos y le indicaremos cuáles son suyos y le enviaremos una copia:
readme-run-ask-reply = Responda al correo con el que recibió este archivo y le indicaremos cuáles son suyos y le enviaremos una copia.
readme-contents-heading = Qué contiene este archivo
readme-contents = Cada carpeta corresponde a uno de nuestros sistemas. Las tablas de bases de datos vienen en .csv (se abre en una hoja de cálculo) y en .json (para llevarlas a otro servicio); manifest.json enumera cada fichero con su número de filas y su suma de comprobación SHA-256.
readme-contents-kept = Los ficheros cuyo nombre termina en «(kept)» contienen los registros que la ley nos obliga a conservar.
readme-partner = un socio al que preguntamos por correo electrónico
readme-partner-intro = El sistema de este socio no está conectado al nuestro, así que le pedimos los datos que tiene sobre usted.
readme-partner-answer = Su respuesta: «{ $note }»
readme-partner-no-files = No envió ningún fichero.
readme-partner-files = Los ficheros que envió:
readme-store-records = { $count ->
    [one] { $count } registro; carpeta { $folder }
   *[other] { $count } registros; carpeta { $folder }
}
readme-table-kept = (se conserva por obligación legal)
readme-table-records = { $count ->
    [one] { $count } registro
   *[other] { $count } registros
}
readme-table-kept-why = que la ley nos obliga a conservar tras la eliminación de sus datos (véase más arriba)
readme-table-first = { $label }: los primeros registros
readme-table-more = Los primeros { $shown } de { $count }; todos están en los ficheros.
readme-about-heading = Sobre este tratamiento (art. 15, apdo. 1)
readme-controller = Responsable del tratamiento:
readme-controller-default = la empresa que gestiona este portal
readme-purposes = Finalidades:
readme-categories = Categorías de datos:
readme-recipients = Destinatarios:
readme-retention = Cuánto tiempo los conservamos:
readme-retention-default = el tiempo necesario para las finalidades anteriores y el que exija la ley.
readme-source = De dónde proceden:
readme-source-default = de usted y del uso que hace de nuestro servicio.
readme-automated = Decisiones automatizadas, incluida la elaboración de perfiles:
readme-automated-default = ninguna.
readme-rights = Sus derechos:
readme-rights-text = puede pedirnos que corrijamos (art. 16) o eliminemos (art. 17) sus datos, que limitemos su tratamiento (art. 18), y puede oponerse a él (art. 21). Puede llevar estos datos a otro servicio (art. 20).
readme-complaints = Reclamaciones:
readme-complaints-text = tiene derecho a presentar una reclamación ante una autoridad de control (art. 77).
