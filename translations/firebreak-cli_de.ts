<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommandLine</name>
    <message>
        <source>no command given</source>
        <translation>kein Befehl angegeben</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;</source>
        <translation>unbekannter Befehl „%1“</translation>
    </message>
    <message>
        <source>%1 needs a verb: %2</source>
        <translation>%1 braucht ein Verb: %2</translation>
    </message>
    <message>
        <source>unknown command &quot;%1 %2&quot;; %1 takes: %3</source>
        <translation>unbekannter Befehl „%1 %2“; %1 kennt: %3</translation>
    </message>
    <message>
        <source>--limit must be a positive whole number</source>
        <translation>--limit muss eine positive ganze Zahl sein</translation>
    </message>
    <message>
        <source>--timeout must be a positive number of seconds</source>
        <translation>--timeout muss eine positive Zahl von Sekunden sein</translation>
    </message>
    <message>
        <source>%1 needs %2</source>
        <translation>%1 braucht %2</translation>
    </message>
    <message>
        <source>%1: unexpected argument &quot;%2&quot;</source>
        <translation>%1: unerwartetes Argument „%2“</translation>
    </message>
    <message>
        <source>no server: give --server URL or set FIREBREAK_SERVER</source>
        <translation>kein Server: --server URL angeben oder FIREBREAK_SERVER setzen</translation>
    </message>
    <message>
        <source>the server must be an http or https URL, such as http://127.0.0.1:8080</source>
        <translation>der Server muss eine http- oder https-URL sein, etwa http://127.0.0.1:8080</translation>
    </message>
    <message>
        <source>no API token: give --token TOKEN or set FIREBREAK_TOKEN</source>
        <translation>kein API-Token: --token TOKEN angeben oder FIREBREAK_TOKEN setzen</translation>
    </message>
    <message>
        <source>usage: %1 [--server URL] [--token TOKEN] NOUN VERB [ARGS] [--json]</source>
        <translation>Aufruf: %1 [--server URL] [--token TOKEN] NOMEN VERB [ARGUMENTE] [--json]</translation>
    </message>
    <message>
        <source>Run &quot;%1 --help&quot; for the options, environment and exit codes.</source>
        <translation>„%1 --help“ nennt Optionen, Umgebungsvariablen und Exit-Codes.</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Environment: FIREBREAK_SERVER and FIREBREAK_TOKEN stand in for --server and --token.</source>
        <translation>Umgebung: FIREBREAK_SERVER und FIREBREAK_TOKEN ersetzen --server und --token.</translation>
    </message>
    <message>
        <source>Exit codes: 0 done, 1 refused by the server (or a tampered log), 2 usage error, 3 server unreachable.</source>
        <translation>Exit-Codes: 0 erledigt, 1 vom Server abgelehnt (oder manipuliertes Log), 2 Aufruffehler, 3 Server nicht erreichbar.</translation>
    </message>
    <message>
        <source>%1: cannot reach the server at %2: %3</source>
        <translation>%1: Server unter %2 nicht erreichbar: %3</translation>
    </message>
    <message>
        <source>(more %1: add --all to list them all)</source>
        <translation>(weitere %1: --all listet alle)</translation>
    </message>
    <message>
        <source>Created %1 integration &quot;%2&quot;.</source>
        <translation>%1-Integration „%2“ angelegt.</translation>
    </message>
    <message>
        <source>Send the key as &quot;Authorization: Bearer KEY&quot;. It is shown only this once.</source>
        <translation>Den Schlüssel als „Authorization: Bearer KEY“ senden. Er wird nur dieses eine Mal angezeigt.</translation>
    </message>
    <message>
        <source>New key for %1 integration &quot;%2&quot;; the old key is refused from now on.</source>
        <translation>Neuer Schlüssel für die %1-Integration „%2“; der alte wird ab jetzt abgelehnt.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>SOURCE</source>
        <translation>QUELLE</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>ANGELEGT</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>no integrations</source>
        <translation>keine Integrationen</translation>
    </message>
    <message>
        <source>incidents</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>NUMBER</source>
        <translation>NUMMER</translation>
    </message>
    <message>
        <source>SEV</source>
        <translation>SCHW</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>AGE</source>
        <translation>ALTER</translation>
    </message>
    <message>
        <source>SERVICE</source>
        <translation>DIENST</translation>
    </message>
    <message>
        <source>TITLE</source>
        <translation>TITEL</translation>
    </message>
    <message>
        <source>no incidents</source>
        <translation>keine Incidents</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>%1 (%2 ago)</source>
        <translation>%1 (vor %2)</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>%1 (%2 firing)</source>
        <translation>%1 (%2 aktiv)</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>SEQ</source>
        <translation>SEQ</translation>
    </message>
    <message>
        <source>TIME</source>
        <translation>ZEIT</translation>
    </message>
    <message>
        <source>ACTOR</source>
        <translation>AKTEUR</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYP</translation>
    </message>
    <message>
        <source>DETAIL</source>
        <translation>DETAIL</translation>
    </message>
    <message>
        <source>no events</source>
        <translation>keine Ereignisse</translation>
    </message>
    <message>
        <source>--severity must be one of %1</source>
        <translation>--severity muss eines von %1 sein</translation>
    </message>
    <message>
        <source>INC-%1 declared: %2 (%3)
id: %4</source>
        <translation>INC-%1 ausgerufen: %2 (%3)
id: %4</translation>
    </message>
    <message>
        <source>%1 acknowledged</source>
        <translation>%1 bestätigt</translation>
    </message>
    <message>
        <source>incident status takes one of %1</source>
        <translation>incident status nimmt eines von %1</translation>
    </message>
    <message>
        <source>%1 is now %2</source>
        <translation>%1 ist jetzt %2</translation>
    </message>
    <message>
        <source>incident severity takes one of %1</source>
        <translation>incident severity nimmt eines von %1</translation>
    </message>
    <message>
        <source>the role is one of %1</source>
        <translation>die Rolle ist eine von %1</translation>
    </message>
    <message>
        <source>%1 is now %2 of %3</source>
        <translation>%1 ist jetzt %2 von %3</translation>
    </message>
    <message>
        <source>%1 is no longer %2 of %3</source>
        <translation>%1 ist nicht mehr %2 von %3</translation>
    </message>
    <message>
        <source>incident milestone takes one of %1</source>
        <translation>incident milestone nimmt eines von %1</translation>
    </message>
    <message>
        <source>the time must be ISO 8601, such as 2026-12-04T09:30:00Z, or now</source>
        <translation>die Zeit muss ISO 8601 sein, etwa 2026-12-04T09:30:00Z, oder now</translation>
    </message>
    <message>
        <source>%1: %2 at %3</source>
        <translation>%1: %2 um %3</translation>
    </message>
    <message>
        <source>incident update needs at least one of --title, --service, --impact, --type, --team</source>
        <translation>incident update braucht mindestens eines von --title, --service, --impact, --type, --team</translation>
    </message>
    <message>
        <source>%1 updated</source>
        <translation>%1 geändert</translation>
    </message>
    <message>
        <source>Note added to %1</source>
        <translation>Notiz zu %1 hinzugefügt</translation>
    </message>
    <message>
        <source>%1 resolved</source>
        <translation>%1 behoben</translation>
    </message>
    <message>
        <source>%1 closed</source>
        <translation>%1 geschlossen</translation>
    </message>
    <message>
        <source>%1 reopened</source>
        <translation>%1 wieder geöffnet</translation>
    </message>
    <message>
        <source>%1 (event %2).</source>
        <translation>%1 (Ereignis %2).</translation>
    </message>
    <message>
        <source>done (no events)</source>
        <translation>erledigt (keine Ereignisse)</translation>
    </message>
    <message>
        <source>--%1 must be an ISO 8601 time, such as 2026-12-01 or 2026-12-01T00:00:00Z</source>
        <translation>--%1 muss eine Zeit nach ISO 8601 sein, etwa 2026-12-01 oder 2026-12-01T00:00:00Z</translation>
    </message>
    <message>
        <source>--from %1 is after --to %2 (--to is exclusive)</source>
        <translation>--from %1 liegt nach --to %2 (--to zählt nicht mit)</translation>
    </message>
    <message>
        <source>--period must be day or week</source>
        <translation>--period muss day oder week sein</translation>
    </message>
    <message>
        <source>%1 incidents, %2 open</source>
        <translation>%1 Incidents, %2 offen</translation>
    </message>
    <message>
        <source>TIME TO</source>
        <translation>ZEIT BIS</translation>
    </message>
    <message>
        <source>COUNT</source>
        <translation>ANZAHL</translation>
    </message>
    <message>
        <source>MEAN</source>
        <translation>MITTEL</translation>
    </message>
    <message>
        <source>P50</source>
        <translation>P50</translation>
    </message>
    <message>
        <source>P90</source>
        <translation>P90</translation>
    </message>
    <message>
        <source>P95</source>
        <translation>P95</translation>
    </message>
    <message>
        <source>MAX</source>
        <translation>MAX</translation>
    </message>
    <message>
        <source>detect</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>acknowledge</source>
        <translation>Bestätigung</translation>
    </message>
    <message>
        <source>mitigate</source>
        <translation>Eindämmung</translation>
    </message>
    <message>
        <source>resolve</source>
        <translation>Behebung</translation>
    </message>
    <message>
        <source>FIRST RESPONSE</source>
        <translation>ERSTE REAKTION</translation>
    </message>
    <message>
        <source>RESOLUTION</source>
        <translation>BEHEBUNG</translation>
    </message>
    <message>
        <source>SEVERITY</source>
        <translation>SCHWEREGRAD</translation>
    </message>
    <message>
        <source>TEAM</source>
        <translation>TEAM</translation>
    </message>
    <message>
        <source>PERIOD</source>
        <translation>ZEITRAUM</translation>
    </message>
    <message>
        <source>INCIDENTS</source>
        <translation>INCIDENTS</translation>
    </message>
    <message>
        <source>--format is markdown or html</source>
        <translation>--format ist markdown oder html</translation>
    </message>
    <message>
        <source>alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>INCIDENT</source>
        <translation>INCIDENT</translation>
    </message>
    <message>
        <source>no alerts</source>
        <translation>keine Alarme</translation>
    </message>
    <message>
        <source>no Firebreak store at %1</source>
        <translation>kein Firebreak-Speicher unter %1</translation>
    </message>
    <message>
        <source>cannot verify: %1</source>
        <translation>Prüfung nicht möglich: %1</translation>
    </message>
    <message>
        <source>anchor.json belongs to store %1, not to this store (%2): the store was replaced</source>
        <translation>anchor.json gehört zum Speicher %1, nicht zu diesem (%2): der Speicher wurde ersetzt</translation>
    </message>
    <message>
        <source>ok: %1 events verified</source>
        <translation>ok: %1 Ereignisse geprüft</translation>
    </message>
    <message>
        <source>warning: no anchor.json, so events removed from the end of the log would go unnoticed</source>
        <translation>Warnung: kein anchor.json, am Ende des Logs entfernte Ereignisse blieben also unbemerkt</translation>
    </message>
    <message>
        <source>unreadable: %1</source>
        <translation>nicht lesbar: %1</translation>
    </message>
    <message>
        <source>tampered at seq %1: %2</source>
        <translation>manipuliert bei seq %1: %2</translation>
    </message>
    <message>
        <source>tampered: %1</source>
        <translation>manipuliert: %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>the server&apos;s bundle failed verification: %1</source>
        <translation>das Paket des Servers hat die Prüfung nicht bestanden: %1</translation>
    </message>
    <message>
        <source>%1: evidence bundle of %2 written (%3 events, %4 attachments, %5 files; manifest and SHA256SUMS verified)</source>
        <translation>%1: Beweispaket von %2 geschrieben (%3 Ereignisse, %4 Anhänge, %5 Dateien; Manifest und SHA256SUMS geprüft)</translation>
    </message>
    <message>
        <source>the backup did not arrive whole: %1</source>
        <translation>die Sicherung kam nicht vollständig an: %1</translation>
    </message>
    <message>
        <source>cannot create a folder beside %1: %2</source>
        <translation>neben %1 kann kein Ordner angelegt werden: %2</translation>
    </message>
    <message>
        <source>the server&apos;s backup failed verification: %1</source>
        <translation>die Sicherung des Servers hat die Prüfung nicht bestanden: %1</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>%1 kann nicht ersetzt werden</translation>
    </message>
    <message>
        <source>%1: backup of store %2 written, %3 events through seq %4 and %5 evidence files, verified</source>
        <translation>%1: Sicherung des Speichers %2 geschrieben, %3 Ereignisse bis seq %4 und %5 Beweisdateien, geprüft</translation>
    </message>
    <message>
        <source>%1 holds the server&apos;s secrets (the key of integrations&apos; signing secrets, notification channels&apos; secrets): keep it as safe as they are</source>
        <translation>%1 enthält die Geheimnisse des Servers (den Schlüssel der Signaturgeheimnisse der Integrationen, die Geheimnisse der Benachrichtigungskanäle): so sicher aufbewahren wie diese</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>--database must be a postgresql:// URL</source>
        <translation>--database muss eine postgresql://-URL sein</translation>
    </message>
    <message>
        <source>cannot restore %1: %2</source>
        <translation>%1 kann nicht wiederhergestellt werden: %2</translation>
    </message>
    <message>
        <source>restored store %1 into %2: %3 events verified through seq %4, %5 evidence files</source>
        <translation>Speicher %1 nach %2 wiederhergestellt: %3 Ereignisse bis seq %4 geprüft, %5 Beweisdateien</translation>
    </message>
    <message>
        <source>Server base URL (default: $FIREBREAK_SERVER).</source>
        <translation>Basis-URL des Servers (Vorgabe: $FIREBREAK_SERVER).</translation>
    </message>
    <message>
        <source>API token (default: $FIREBREAK_TOKEN).</source>
        <translation>API-Token (Vorgabe: $FIREBREAK_TOKEN).</translation>
    </message>
    <message>
        <source>PEM CA certificates to trust besides the system&apos;s (default: $FIREBREAK_CA_FILE).</source>
        <translation>PEM-CA-Zertifikate, denen neben denen des Systems vertraut wird (Vorgabe: $FIREBREAK_CA_FILE).</translation>
    </message>
    <message>
        <source>Accept only a server with this PEM certificate (default: $FIREBREAK_PINNED_CERTIFICATE).</source>
        <translation>Nur einen Server mit diesem PEM-Zertifikat annehmen (Vorgabe: $FIREBREAK_PINNED_CERTIFICATE).</translation>
    </message>
    <message>
        <source>Seconds the server may stay silent (default 30).</source>
        <translation>Sekunden, die der Server schweigen darf (Vorgabe 30).</translation>
    </message>
    <message>
        <source>Print the server&apos;s JSON instead of text.</source>
        <translation>Das JSON des Servers statt Text ausgeben.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <source>Alert source, such as alertmanager.</source>
        <translation>Alarmquelle, etwa alertmanager.</translation>
    </message>
    <message>
        <source>Name of the integration.</source>
        <translation>Name der Integration.</translation>
    </message>
    <message>
        <source>Only this status.</source>
        <translation>Nur dieser Status.</translation>
    </message>
    <message>
        <source>Severity, P1 to P4 (for list and metrics: only this one).</source>
        <translation>Schweregrad, P1 bis P4 (bei list und metrics: nur dieser).</translation>
    </message>
    <message>
        <source>Service (for list and metrics: only this one).</source>
        <translation>Dienst (bei list und metrics: nur dieser).</translation>
    </message>
    <message>
        <source>Only alerts of this incident (id or INC-n).</source>
        <translation>Nur Alarme dieses Incidents (ID oder INC-n).</translation>
    </message>
    <message>
        <source>Items per request, 1 to 1000 (server default 100).</source>
        <translation>Einträge je Anfrage, 1 bis 1000 (Vorgabe des Servers 100).</translation>
    </message>
    <message>
        <source>Follow the next cursors and list everything.</source>
        <translation>Den next-Cursorn folgen und alles auflisten.</translation>
    </message>
    <message>
        <source>A note recorded with the change.</source>
        <translation>Eine Notiz, die mit der Änderung festgehalten wird.</translation>
    </message>
    <message>
        <source>Why, recorded with the change.</source>
        <translation>Warum, festgehalten mit der Änderung.</translation>
    </message>
    <message>
        <source>Title of the incident.</source>
        <translation>Titel des Incidents.</translation>
    </message>
    <message>
        <source>Impact on users, revenue or data.</source>
        <translation>Auswirkung auf Nutzer, Umsatz oder Daten.</translation>
    </message>
    <message>
        <source>Incident type, such as outage or security.</source>
        <translation>Art des Incidents, etwa outage oder security.</translation>
    </message>
    <message>
        <source>Team (for metrics: only this one).</source>
        <translation>Team (bei metrics: nur dieses).</translation>
    </message>
    <message>
        <source>User name of the incident commander.</source>
        <translation>Benutzername der Einsatzleitung.</translation>
    </message>
    <message>
        <source>Make the note the incident&apos;s current summary.</source>
        <translation>Die Notiz zur aktuellen Zusammenfassung des Incidents machen.</translation>
    </message>
    <message>
        <source>Incidents detected at or after this time (ISO 8601).</source>
        <translation>Incidents, die zu oder nach dieser Zeit erkannt wurden (ISO 8601).</translation>
    </message>
    <message>
        <source>Incidents detected before this time (ISO 8601).</source>
        <translation>Incidents, die vor dieser Zeit erkannt wurden (ISO 8601).</translation>
    </message>
    <message>
        <source>Trend buckets: day or week.</source>
        <translation>Zeiträume des Verlaufs: day oder week.</translation>
    </message>
    <message>
        <source>Post-mortem export format: markdown (default) or html.</source>
        <translation>Format des Post-Mortem-Exports: markdown (Vorgabe) oder html.</translation>
    </message>
    <message>
        <source>Folder of the server&apos;s store (firebreak.sqlite, anchor.json).</source>
        <translation>Ordner des Server-Speichers (firebreak.sqlite, anchor.json).</translation>
    </message>
    <message>
        <source>File to write (an archive).</source>
        <translation>Zu schreibende Datei (ein Archiv).</translation>
    </message>
    <message>
        <source>Backup archive to read.</source>
        <translation>Zu lesendes Sicherungsarchiv.</translation>
    </message>
    <message>
        <source>Restore the log into this empty PostgreSQL database (postgresql://USER@HOST:PORT/DB); --data then keeps its evidence files and anchor.</source>
        <translation>Das Log in diese leere PostgreSQL-Datenbank wiederherstellen (postgresql://USER@HOST:PORT/DB); --data behält dann Beweisdateien und Anker.</translation>
    </message>
    <message>
        <source>none due</source>
        <translation>nichts fällig</translation>
    </message>
    <message>
        <source>%1/%2 met (%3%)</source>
        <translation>%1/%2 eingehalten (%3 %)</translation>
    </message>
    <message>
        <source>, %1 pending</source>
        <translation>, %1 offen</translation>
    </message>
    <message>
        <source>--status must be one of %1</source>
        <translation>--status muss einer von %1 sein</translation>
    </message>
</context>
<context>
    <name>Firebreak::Cli::CommandLine</name>
    <message>
        <source>the local time %1 does not exist in time zone %2 (skipped by daylight saving time); give the time with a UTC offset, such as %1Z or %1-05:00</source>
        <translation>die Ortszeit %1 gibt es in der Zeitzone %2 nicht (von der Sommerzeit übersprungen); die Zeit mit UTC-Versatz angeben, etwa %1Z oder %1-05:00</translation>
    </message>
</context>
</TS>
