<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Firebreak::ActionItemsPanel</name>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1 (überfällig)</translation>
    </message>
    <message>
        <source>Action items</source>
        <translation>Maßnahmen</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Add action item</source>
        <translation>Maßnahme hinzufügen</translation>
    </message>
    <message>
        <source>Created from the document</source>
        <translation>Aus dem Dokument angelegt</translation>
    </message>
    <message>
        <source>Created from the incident</source>
        <translation>Aus dem Vorfall angelegt</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fälligkeit</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Select an action item first.</source>
        <translation>Wählen Sie zuerst eine Maßnahme aus.</translation>
    </message>
    <message>
        <source>Set status:</source>
        <translation>Status setzen:</translation>
    </message>
    <message>
        <source>Status of the selected action item</source>
        <translation>Status der ausgewählten Maßnahme</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tracker link</source>
        <translation>Link zum Tracker</translation>
    </message>
    <message>
        <source>Tracker</source>
        <translation>Tracker</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>https://tracker.example.com/ISSUE-1</source>
        <translation>https://tracker.example.com/ISSUE-1</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>Benutzername</translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n offen</numerusform>
            <numerusform>%n offen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n overdue</source>
        <translation>
            <numerusform>, %n überfällig</numerusform>
            <numerusform>, %n überfällig</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Firebreak::AlertListModel</name>
    <message>
        <source>Firing</source>
        <translation>Aktiv</translation>
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
        <source>silenced</source>
        <translation>stummgeschaltet</translation>
    </message>
    <message>
        <source>maintenance window</source>
        <translation>Wartungsfenster</translation>
    </message>
    <message>
        <source>waiting for threshold</source>
        <translation>wartet auf Schwelle</translation>
    </message>
    <message>
        <source>flapping</source>
        <translation>flattert</translation>
    </message>
    <message>
        <source>suppressed by route</source>
        <translation>durch Route unterdrückt</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>Unterdrückt</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Vorfall</translation>
    </message>
</context>
<context>
    <name>Firebreak::AlertsDock</name>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>A&amp;lerts</source>
        <translation>A&amp;larme</translation>
    </message>
    <message>
        <source>R&amp;outes</source>
        <translation>R&amp;outen</translation>
    </message>
    <message>
        <source>S&amp;ilences</source>
        <translation>&amp;Stummschaltungen</translation>
    </message>
</context>
<context>
    <name>Firebreak::AlertsView</name>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Filter by title, label, service…</source>
        <translation>Nach Titel, Label, Dienst filtern…</translation>
    </message>
    <message>
        <source>Filter alerts</source>
        <translation>Alarme filtern</translation>
    </message>
    <message>
        <source>Alert status</source>
        <translation>Alarmstatus</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Aktiv</translation>
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
        <source>Alert source</source>
        <translation>Alarmquelle</translation>
    </message>
    <message>
        <source>Suppressed alerts</source>
        <translation>Unterdrückte Alarme</translation>
    </message>
    <message>
        <source>All alerts</source>
        <translation>Alle Alarme</translation>
    </message>
    <message>
        <source>Not suppressed</source>
        <translation>Nicht unterdrückt</translation>
    </message>
    <message>
        <source>Suppressed only</source>
        <translation>Nur unterdrückte</translation>
    </message>
    <message>
        <source>Any source</source>
        <translation>Jede Quelle</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation>
            <numerusform>%n Alarm</numerusform>
            <numerusform>%n Alarme</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Firebreak::AssignRoleDialog</name>
    <message>
        <source>Assign a Role — %1</source>
        <translation>Rolle vergeben – %1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation>&amp;Person:</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>&amp;Vergeben</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entziehen</translation>
    </message>
    <message>
        <source>Nobody holds this role yet.</source>
        <translation>Niemand hat diese Rolle bisher.</translation>
    </message>
    <message>
        <source>Held now by %1.</source>
        <translation>Derzeit bei %1.</translation>
    </message>
</context>
<context>
    <name>Firebreak::AssignmentBoard</name>
    <message>
        <source>To do</source>
        <translation>Zu erledigen</translation>
    </message>
    <message>
        <source>Doing</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Assignment board</source>
        <translation>Aufgabentafel</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Vorfall</translation>
    </message>
    <message>
        <source>New task…</source>
        <translation>Neue Aufgabe…</translation>
    </message>
    <message>
        <source>New task title</source>
        <translation>Titel der neuen Aufgabe</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <source>New task owner</source>
        <translation>Verantwortlich für die neue Aufgabe</translation>
    </message>
    <message>
        <source>&amp;Add task</source>
        <translation>Aufgabe &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Incident:</source>
        <translation>Vorfall:</translation>
    </message>
    <message>
        <source>%1 column</source>
        <translation>Spalte %1</translation>
    </message>
    <message>
        <source>Move to the next column</source>
        <translation>In die nächste Spalte verschieben</translation>
    </message>
    <message>
        <source>Move to the previous column</source>
        <translation>In die vorige Spalte verschieben</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Delete task</source>
        <translation>Aufgabe löschen</translation>
    </message>
    <message>
        <source>Add task &quot;%1&quot;</source>
        <translation>Aufgabe „%1“ hinzufügen</translation>
    </message>
    <message>
        <source>Move task</source>
        <translation>Aufgabe verschieben</translation>
    </message>
</context>
<context>
    <name>Firebreak::AuditLogDock</name>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Filter by action, person, origin or incident</source>
        <translation>Nach Aktion, Person, Herkunft oder Vorfall filtern</translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation>Prüfprotokoll filtern</translation>
    </message>
    <message>
        <source>Only this person</source>
        <translation>Nur diese Person</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
</context>
<context>
    <name>Firebreak::AuditLogModel</name>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Vorfall</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Nr.</translation>
    </message>
</context>
<context>
    <name>Firebreak::CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Befehlspalette</translation>
    </message>
    <message>
        <source>Type an action or an incident…</source>
        <translation>Aktion oder Vorfall eingeben…</translation>
    </message>
    <message>
        <source>Find an action or an incident</source>
        <translation>Aktion oder Vorfall finden</translation>
    </message>
</context>
<context>
    <name>Firebreak::CommandSender</name>
    <message>
        <source>The command could not be kept for sending; see the message above.</source>
        <translation>Der Befehl konnte nicht zum Senden gespeichert werden; siehe die Meldung oben.</translation>
    </message>
    <message>
        <source>Mark a key moment</source>
        <translation>Schlüsselmoment markieren</translation>
    </message>
    <message>
        <source>Unmark a key moment</source>
        <translation>Schlüsselmoment entfernen</translation>
    </message>
    <message>
        <source>Add an outside event</source>
        <translation>Externes Ereignis hinzufügen</translation>
    </message>
    <message>
        <source>Remove an outside event</source>
        <translation>Externes Ereignis entfernen</translation>
    </message>
    <message>
        <source>Set root-cause tags</source>
        <translation>Ursachen-Schlagwörter setzen</translation>
    </message>
    <message>
        <source>Comment on the post-mortem</source>
        <translation>Post-Mortem kommentieren</translation>
    </message>
    <message>
        <source>Resolve a comment</source>
        <translation>Kommentar erledigen</translation>
    </message>
    <message>
        <source>Request review of the post-mortem</source>
        <translation>Prüfung des Post-Mortems anfordern</translation>
    </message>
    <message>
        <source>Publish the post-mortem</source>
        <translation>Post-Mortem veröffentlichen</translation>
    </message>
    <message>
        <source>Reopen the post-mortem</source>
        <translation>Post-Mortem wieder öffnen</translation>
    </message>
    <message>
        <source>Add an action item</source>
        <translation>Maßnahme hinzufügen</translation>
    </message>
    <message>
        <source>Change an action item</source>
        <translation>Maßnahme ändern</translation>
    </message>
</context>
<context>
    <name>Firebreak::ConnectDialog</name>
    <message>
        <source>Connect to a Firebreak Server</source>
        <translation>Mit einem Firebreak-Server verbinden</translation>
    </message>
    <message>
        <source>Firebreak keeps a local copy of what the server shares, so you can still read incidents when it is unreachable.</source>
        <translation>Firebreak hält eine lokale Kopie dessen, was der Server teilt, damit Sie Vorfälle auch dann lesen können, wenn er nicht erreichbar ist.</translation>
    </message>
    <message>
        <source>https://firebreak.example.com</source>
        <translation>https://firebreak.example.com</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>The server address must start with http:// or https://.</source>
        <translation>Die Serveradresse muss mit http:// oder https:// beginnen.</translation>
    </message>
</context>
<context>
    <name>Firebreak::DeadLetterView</name>
    <message>
        <source>Undelivered notifications</source>
        <translation>Nicht zugestellte Benachrichtigungen</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Given up</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Notifications that could not be delivered. Fix the channel, then retry.</source>
        <translation>Benachrichtigungen, die nicht zugestellt werden konnten. Kanal reparieren, dann erneut versuchen.</translation>
    </message>
    <message>
        <source>Retry notification</source>
        <translation>Benachrichtigung erneut senden</translation>
    </message>
</context>
<context>
    <name>Firebreak::DeclareDialog</name>
    <message>
        <source>Declare an Incident</source>
        <translation>Vorfall ausrufen</translation>
    </message>
    <message>
        <source>What is wrong, in a few words</source>
        <translation>Was ist los, in wenigen Worten</translation>
    </message>
    <message>
        <source>Who is affected and how: users, revenue, data</source>
        <translation>Wer ist wie betroffen: Nutzer, Umsatz, Daten</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>S&amp;everity:</source>
        <translation>&amp;Schweregrad:</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>&amp;Dienst:</translation>
    </message>
    <message>
        <source>&amp;Impact:</source>
        <translation>&amp;Auswirkung:</translation>
    </message>
    <message>
        <source>&amp;Commander:</source>
        <translation>&amp;Einsatzleitung:</translation>
    </message>
    <message>
        <source>&amp;Declare</source>
        <translation>&amp;Ausrufen</translation>
    </message>
</context>
<context>
    <name>Firebreak::DesktopSession</name>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation>Der Ordner für %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot open the local copy %1: %2</source>
        <translation>Die lokale Kopie %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1 acknowledged.</source>
        <translation>%1 bestätigt.</translation>
    </message>
    <message>
        <source>%1 resolved.</source>
        <translation>%1 behoben.</translation>
    </message>
    <message>
        <source>the server gave no reason</source>
        <translation>der Server hat keinen Grund genannt</translation>
    </message>
    <message>
        <source>Could not acknowledge %1: %2</source>
        <translation>%1 konnte nicht bestätigt werden: %2</translation>
    </message>
    <message>
        <source>Could not resolve %1: %2</source>
        <translation>%1 konnte nicht behoben werden: %2</translation>
    </message>
    <message>
        <source>Acknowledge %1</source>
        <translation>%1 bestätigen</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>%1 beheben</translation>
    </message>
    <message>
        <source>Note on %1</source>
        <translation>Notiz zu %1</translation>
    </message>
    <message>
        <source>Set %1 to %2</source>
        <translation>%1 auf %2 setzen</translation>
    </message>
    <message>
        <source>Change the severity of %1 to %2</source>
        <translation>Schweregrad von %1 auf %2 ändern</translation>
    </message>
    <message>
        <source>Could not keep “%1” to send: %2</source>
        <translation>„%1“ konnte nicht zum Senden vorgemerkt werden: %2</translation>
    </message>
    <message>
        <source>no local copy is open</source>
        <translation>keine lokale Kopie ist geöffnet</translation>
    </message>
    <message>
        <source>Done: %1.</source>
        <translation>Erledigt: %1.</translation>
    </message>
    <message>
        <source>Refused: %1: %2</source>
        <translation>Abgelehnt: %1: %2</translation>
    </message>
    <message>
        <source>Cannot open the queue of unsent commands in %1: %2</source>
        <translation>Die Warteschlange der ungesendeten Befehle in %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot start local mode in %1: %2</source>
        <translation>Der lokale Modus kann in %1 nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the local token %1: %2</source>
        <translation>Das lokale Token %1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Firebreak::EvidenceDialog</name>
    <message>
        <source>Attach Evidence — %1</source>
        <translation>Beleg anhängen – %1</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Log excerpt</source>
        <translation>Log-Auszug</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>&amp;Attach</source>
        <translation>&amp;Anhängen</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Grafana dashboard at the time</source>
        <translation>Grafana-Dashboard zum Zeitpunkt</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>Paste the lines that matter</source>
        <translation>Die wichtigen Zeilen einfügen</translation>
    </message>
    <message>
        <source>&amp;Excerpt:</source>
        <translation>&amp;Auszug:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>The file&apos;s name</source>
        <translation>Der Name der Datei</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Attach a File</source>
        <translation>Datei anhängen</translation>
    </message>
    <message>
        <source>A link needs an http:// or https:// address.</source>
        <translation>Ein Link braucht eine http://- oder https://-Adresse.</translation>
    </message>
    <message>
        <source>Paste the excerpt first.</source>
        <translation>Zuerst den Auszug einfügen.</translation>
    </message>
    <message>
        <source>Cannot read the file %1.</source>
        <translation>Die Datei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The file must hold 1 byte to %1.</source>
        <translation>Die Datei muss 1 Byte bis %1 groß sein.</translation>
    </message>
    <message>
        <source>Connect to a server first: files are kept there.</source>
        <translation>Zuerst mit einem Server verbinden: Dateien werden dort aufbewahrt.</translation>
    </message>
    <message>
        <source>Could not upload the file: %1</source>
        <translation>Die Datei konnte nicht hochgeladen werden: %1</translation>
    </message>
    <message>
        <source>Could not attach evidence to %1: %2</source>
        <translation>Beleg konnte nicht an %1 angehängt werden: %2</translation>
    </message>
</context>
<context>
    <name>Firebreak::Handover</name>
    <message>
        <source>Cannot read the local data %1: %2</source>
        <translation>Die lokalen Daten %1 können nicht gelesen werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) handed over.</source>
        <translation>
            <numerusform>%n Ereignis übergeben.</numerusform>
            <numerusform>%n Ereignisse übergeben.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team server refused the hand-over: %1</source>
        <translation>Der Team-Server hat die Übergabe abgelehnt: %1</translation>
    </message>
    <message>
        <source>The team server is unreachable: %1</source>
        <translation>Der Team-Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>These evidence files could not be copied and stay on this computer: %1</source>
        <translation>Diese Beweisdateien konnten nicht kopiert werden und bleiben auf diesem Computer: %1</translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentActions</name>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message>
        <source>Acknowledge the incident: you are on it (Ctrl+Shift+A)</source>
        <translation>Den Vorfall bestätigen: Sie kümmern sich darum (Strg+Umschalt+A)</translation>
    </message>
    <message>
        <source>&amp;Escalate</source>
        <translation>&amp;Eskalieren</translation>
    </message>
    <message>
        <source>Page the on-call people of the service&apos;s escalation policy (Ctrl+E)</source>
        <translation>Die Bereitschaft der Eskalationsrichtlinie des Dienstes alarmieren (Strg+E)</translation>
    </message>
    <message>
        <source>Assign R&amp;ole…</source>
        <translation>R&amp;olle vergeben…</translation>
    </message>
    <message>
        <source>Make someone commander, communications lead, scribe or responder (Ctrl+Shift+R)</source>
        <translation>Jemanden zur Einsatzleitung, Kommunikation, Protokollführung oder Einsatzkraft machen (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>Add &amp;Note…</source>
        <translation>&amp;Notiz hinzufügen…</translation>
    </message>
    <message>
        <source>Write a note in Markdown on the timeline (Ctrl+Shift+N)</source>
        <translation>Eine Notiz in Markdown in den Zeitverlauf schreiben (Strg+Umschalt+N)</translation>
    </message>
    <message>
        <source>Attach E&amp;vidence…</source>
        <translation>Be&amp;leg anhängen…</translation>
    </message>
    <message>
        <source>Attach a file, a log excerpt or a link (Ctrl+Shift+E)</source>
        <translation>Eine Datei, einen Log-Auszug oder einen Link anhängen (Strg+Umschalt+E)</translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation>Be&amp;heben</translation>
    </message>
    <message>
        <source>Resolve the incident (Ctrl+R)</source>
        <translation>Den Vorfall als behoben markieren (Strg+R)</translation>
    </message>
    <message>
        <source>Change &amp;Severity</source>
        <translation>&amp;Schweregrad ändern</translation>
    </message>
    <message>
        <source>Raise or lower the severity (Ctrl+1 to Ctrl+4)</source>
        <translation>Den Schweregrad erhöhen oder senken (Strg+1 bis Strg+4)</translation>
    </message>
    <message>
        <source>Severity %1</source>
        <translation>Schweregrad %1</translation>
    </message>
    <message>
        <source>Change S&amp;tatus</source>
        <translation>S&amp;tatus ändern</translation>
    </message>
    <message>
        <source>Move the incident along its lifecycle (Ctrl+Shift+S)</source>
        <translation>Den Vorfall im Lebenszyklus weiterführen (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder eröffnen</translation>
    </message>
    <message>
        <source>Work on a resolved or closed incident again</source>
        <translation>An einem behobenen oder geschlossenen Vorfall weiterarbeiten</translation>
    </message>
    <message>
        <source>Escalate %1</source>
        <translation>%1 eskalieren</translation>
    </message>
    <message>
        <source>Reopen %1</source>
        <translation>%1 wieder eröffnen</translation>
    </message>
    <message>
        <source>Remove %1 as %2 of %3</source>
        <translation>%1 die Rolle %2 bei %3 entziehen</translation>
    </message>
    <message>
        <source>Make %1 %2 of %3</source>
        <translation>%1 die Rolle %2 bei %3 geben</translation>
    </message>
    <message>
        <source>New summary of %1</source>
        <translation>Neue Zusammenfassung von %1</translation>
    </message>
    <message>
        <source>Note on %1</source>
        <translation>Notiz zu %1</translation>
    </message>
    <message>
        <source>Attach “%1” to %2</source>
        <translation>„%1“ an %2 anhängen</translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentHeader</name>
    <message>
        <source>Impact: %1</source>
        <translation>Auswirkung: %1</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Auswirkung</translation>
    </message>
    <message>
        <source>No service</source>
        <translation>Kein Dienst</translation>
    </message>
    <message>
        <source>Service: %1</source>
        <translation>Dienst: %1</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Eröffnet %1</translation>
    </message>
    <message>
        <source>Severity %1</source>
        <translation>Schweregrad %1</translation>
    </message>
    <message>
        <source>All alerts resolved.</source>
        <translation>Alle Alarme behoben.</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing.</source>
        <translation>
            <numerusform>%n Alarm aktiv.</numerusform>
            <numerusform>%n Alarme aktiv.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) not delivered: the source shortened its message.</source>
        <translation>
            <numerusform>%n Alarm nicht zugestellt: Die Quelle hat ihre Nachricht gekürzt.</numerusform>
            <numerusform>%n Alarme nicht zugestellt: Die Quelle hat ihre Nachricht gekürzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>nicht vergeben</translation>
    </message>
    <message>
        <source>Commander: %1</source>
        <translation>Einsatzleitung: %1</translation>
    </message>
    <message>
        <source>Comms lead: %1</source>
        <translation>Kommunikation: %1</translation>
    </message>
    <message>
        <source>Scribe: %1</source>
        <translation>Protokoll: %1</translation>
    </message>
    <message>
        <source>Responders: none</source>
        <translation>Einsatzkräfte: keine</translation>
    </message>
    <message>
        <source>Responders: %1</source>
        <translation>Einsatzkräfte: %1</translation>
    </message>
    <message>
        <source>Current summary</source>
        <translation>Aktuelle Zusammenfassung</translation>
    </message>
    <message>
        <source>The current summary: add a note marked as the summary to change it</source>
        <translation>Die aktuelle Zusammenfassung: Eine als Zusammenfassung markierte Notiz ändert sie</translation>
    </message>
    <message>
        <source>%1: %2 left</source>
        <translation>%1: noch %2</translation>
    </message>
    <message>
        <source>%1: %2 left — at risk</source>
        <translation>%1: noch %2 – gefährdet</translation>
    </message>
    <message>
        <source>%1: breached %2 ago</source>
        <translation>%1: seit %2 überschritten</translation>
    </message>
    <message>
        <source>%1: met</source>
        <translation>%1: eingehalten</translation>
    </message>
    <message>
        <source>%1: missed</source>
        <translation>%1: verfehlt</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Fällig %1</translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentListModel</name>
    <message>
        <source>Incident</source>
        <translation>Vorfall</translation>
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
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentView</name>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation>Statusänderungen</translation>
    </message>
    <message>
        <source>Severity changes</source>
        <translation>Schweregradänderungen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Role changes</source>
        <translation>Rollenwechsel</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Messages and pages</source>
        <translation>Nachrichten und Alarmierungen</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>Targets, milestones and other</source>
        <translation>Ziele, Meilensteine und Sonstiges</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <source>Search the timeline</source>
        <translation>Im Zeitverlauf suchen</translation>
    </message>
    <message>
        <source>Jump to the newest entry and follow live</source>
        <translation>Zum neuesten Eintrag springen und live folgen</translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation>Live folgen</translation>
    </message>
    <message>
        <source>Follow the newest entries, or stay where you are</source>
        <translation>Den neuesten Einträgen folgen oder an der Stelle bleiben</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Show only some kinds of entries</source>
        <translation>Nur manche Arten von Einträgen zeigen</translation>
    </message>
    <message>
        <source>Show All Kinds</source>
        <translation>Alle Arten zeigen</translation>
    </message>
    <message>
        <source>Selected timeline entry</source>
        <translation>Gewählter Eintrag im Zeitverlauf</translation>
    </message>
    <message numerus="yes">
        <source>↓ %n new</source>
        <translation>
            <numerusform>↓ %n neu</numerusform>
            <numerusform>↓ %n neu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new entries: jump to them</source>
        <translation>
            <numerusform>%n neuer Eintrag: dorthin springen</numerusform>
            <numerusform>%n neue Einträge: dorthin springen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 kinds</source>
        <translation>%1 von %2 Arten</translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentWindow</name>
    <message>
        <source>Command &amp;Palette…</source>
        <translation>Befehls&amp;palette…</translation>
    </message>
    <message>
        <source>&amp;Close Window</source>
        <translation>Fenster &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Incident</source>
        <translation>&amp;Vorfall</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation>Firebreak</translation>
    </message>
</context>
<context>
    <name>Firebreak::MainWindow</name>
    <message>
        <source>Incident &amp;Metrics…</source>
        <translation>Vorfall&amp;kennzahlen…</translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation>Firebreak</translation>
    </message>
    <message>
        <source>&amp;Connect to Server…</source>
        <translation>Mit Server &amp;verbinden…</translation>
    </message>
    <message>
        <source>&amp;Find Incident</source>
        <translation>Vorfall &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Firebreak</source>
        <translation>&amp;Über Firebreak</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Incident</source>
        <translation>&amp;Vorfall</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Vorfall</translation>
    </message>
    <message>
        <source>Filter by number, title, severity, status or service</source>
        <translation>Nach Nummer, Titel, Schweregrad, Status oder Dienst filtern</translation>
    </message>
    <message>
        <source>Filter incidents</source>
        <translation>Vorfälle filtern</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Vorfälle</translation>
    </message>
    <message>
        <source>Select an incident to see its timeline.</source>
        <translation>Wählen Sie einen Vorfall, um seinen Zeitverlauf zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n incident(s)</source>
        <translation>
            <numerusform>%n Vorfall</numerusform>
            <numerusform>%n Vorfälle</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected — showing the local copy</source>
        <translation>Nicht verbunden – lokale Kopie wird angezeigt</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Catching up with %1…</source>
        <translation>Abgleich mit %1…</translation>
    </message>
    <message>
        <source>Live — connected to %1</source>
        <translation>Live – verbunden mit %1</translation>
    </message>
    <message>
        <source>Server certificate refused: %1 — showing the local copy; retrying</source>
        <translation>Serverzertifikat abgelehnt: %1 – lokale Kopie wird angezeigt; neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Server unreachable — showing the local copy; retrying</source>
        <translation>Server nicht erreichbar – lokale Kopie wird angezeigt; neuer Versuch läuft</translation>
    </message>
    <message>
        <source>The server refused the token — showing the local copy; connect again with File → Connect to Server…</source>
        <translation>Der Server hat das Token abgelehnt – lokale Kopie wird angezeigt; erneut verbinden mit Datei → Mit Server verbinden…</translation>
    </message>
    <message>
        <source>Cannot keep the local copy: %1 — showing what it holds; retrying</source>
        <translation>Lokale Kopie kann nicht gespeichert werden: %1 – ihr Stand wird angezeigt; neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Cannot keep the local copy on this computer: %1. New events are not shown until it can; retrying.</source>
        <translation>Die lokale Kopie auf diesem Computer kann nicht gespeichert werden: %1. Neue Ereignisse werden erst angezeigt, wenn das wieder möglich ist; neuer Versuch läuft.</translation>
    </message>
    <message>
        <source>Firebreak — %1</source>
        <translation>Firebreak – %1</translation>
    </message>
    <message>
        <source>About Firebreak</source>
        <translation>Über Firebreak</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Firebreak %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;A desktop war-room for incidents.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Firebreak %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Ein Lagezentrum für Vorfälle auf dem Desktop.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Choose the server and the API token</source>
        <translation>Server und API-Token wählen</translation>
    </message>
    <message>
        <source>&amp;Dismiss Refused Commands</source>
        <translation>Abgelehnte Befehle &amp;verwerfen</translation>
    </message>
    <message>
        <source>Forget the commands the server refused; their reasons stay in the log</source>
        <translation>Die vom Server abgelehnten Befehle vergessen; ihre Gründe bleiben im Protokoll</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting to be sent</source>
        <translation>
            <numerusform>%n Befehl wartet auf das Senden</numerusform>
            <numerusform>%n Befehle warten auf das Senden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n abgelehnt</numerusform>
            <numerusform>%n abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>Wartet: %1</translation>
    </message>
    <message>
        <source>Refused: %1 — %2</source>
        <translation>Abgelehnt: %1 — %2</translation>
    </message>
    <message>
        <source>&amp;Hand Over to Team Server…</source>
        <translation>An Team-Server &amp;übergeben…</translation>
    </message>
    <message>
        <source>Copy the incidents kept on this computer to a team server, then work there</source>
        <translation>Die auf diesem Computer gespeicherten Vorfälle auf einen Team-Server kopieren und dort weiterarbeiten</translation>
    </message>
    <message>
        <source>Local mode — kept on this computer</source>
        <translation>Lokaler Modus — auf diesem Computer gespeichert</translation>
    </message>
    <message>
        <source>Hand Over to Team Server</source>
        <translation>An Team-Server übergeben</translation>
    </message>
    <message>
        <source>Only local-mode data can be handed over.</source>
        <translation>Nur Daten des lokalen Modus können übergeben werden.</translation>
    </message>
    <message>
        <source>Handing over to %1…</source>
        <translation>Übergabe an %1…</translation>
    </message>
    <message>
        <source>Handing over: %1 of %2 events…</source>
        <translation>Übergabe: %1 von %2 Ereignissen…</translation>
    </message>
    <message>
        <source>&amp;Declare Incident…</source>
        <translation>Vorfall &amp;ausrufen…</translation>
    </message>
    <message>
        <source>Open an incident by hand: title, severity, service, impact and commander (Ctrl+N)</source>
        <translation>Einen Vorfall von Hand eröffnen: Titel, Schweregrad, Dienst, Auswirkung und Einsatzleitung (Strg+N)</translation>
    </message>
    <message>
        <source>Command &amp;Palette…</source>
        <translation>Befehls&amp;palette…</translation>
    </message>
    <message>
        <source>Find any action or incident by typing (Ctrl+K)</source>
        <translation>Jede Aktion und jeden Vorfall durch Tippen finden (Strg+K)</translation>
    </message>
    <message>
        <source>Open in New &amp;Window</source>
        <translation>In neuem &amp;Fenster öffnen</translation>
    </message>
    <message>
        <source>Show the incident in a window of its own (Ctrl+Shift+W)</source>
        <translation>Den Vorfall in einem eigenen Fenster zeigen (Strg+Umschalt+W)</translation>
    </message>
    <message>
        <source>&amp;Post-mortem</source>
        <translation>&amp;Nachbetrachtung</translation>
    </message>
    <message>
        <source>Write the selected incident&apos;s post-mortem together (Ctrl+P)</source>
        <translation>Die Nachbetrachtung des gewählten Vorfalls gemeinsam schreiben (Strg+P)</translation>
    </message>
    <message>
        <source>Open in New &amp;Tab</source>
        <translation>In neuem &amp;Tab öffnen</translation>
    </message>
    <message>
        <source>Keep this incident open and show the selected one beside it</source>
        <translation>Diesen Vorfall offen lassen und den gewählten daneben zeigen</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>Tab &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Search Timeline</source>
        <translation>Im Zeitverlauf &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Follow Live</source>
        <translation>&amp;Live folgen</translation>
    </message>
    <message>
        <source>Jump to the newest entry of the timeline and follow it (Ctrl+L)</source>
        <translation>Zum neuesten Eintrag im Zeitverlauf springen und ihm folgen (Strg+L)</translation>
    </message>
    <message>
        <source>No incident</source>
        <translation>Kein Vorfall</translation>
    </message>
    <message>
        <source>Declare “%1”</source>
        <translation>„%1“ ausrufen</translation>
    </message>
</context>
<context>
    <name>Firebreak::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation>Die Meldung schließen</translation>
    </message>
</context>
<context>
    <name>Firebreak::MetricsView</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 Min.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 Min. %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 of %2 met (%3 %)</source>
        <translation>%1 von %2 eingehalten (%3 %)</translation>
    </message>
    <message numerus="yes">
        <source>%n incident(s), %1 open</source>
        <translation>
            <numerusform>%n Vorfall, %1 offen</numerusform>
            <numerusform>%n Vorfälle, %1 offen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ausstehend</numerusform>
            <numerusform>%n ausstehend</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Detected:</source>
        <translation>Er&amp;kannt:</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>Tre&amp;nd by:</source>
        <translation>Verlauf &amp;nach:</translation>
    </message>
    <message>
        <source>90th pct.</source>
        <translation>90. Perz.</translation>
    </message>
    <message>
        <source>90th percentile</source>
        <translation>90. Perzentil</translation>
    </message>
    <message>
        <source>95th pct.</source>
        <translation>95. Perz.</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>Alle Dienste</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>Alle Schweregrade</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>Alle Teams</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Beliebiger Zeitraum</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Woche</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>Erkennen</translation>
    </message>
    <message>
        <source>Export Metrics</source>
        <translation>Kennzahlen exportieren</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>Erste Reaktion</translation>
    </message>
    <message>
        <source>Incident Metrics</source>
        <translation>Vorfallkennzahlen</translation>
    </message>
    <message>
        <source>Incidents by service</source>
        <translation>Vorfälle nach Dienst</translation>
    </message>
    <message>
        <source>Incidents by severity</source>
        <translation>Vorfälle nach Schweregrad</translation>
    </message>
    <message>
        <source>Incidents by team</source>
        <translation>Vorfälle nach Team</translation>
    </message>
    <message>
        <source>Incidents detected</source>
        <translation>Erkannte Vorfälle</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Vorfälle</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>Longest</source>
        <translation>Längste</translation>
    </message>
    <message>
        <source>Mean and 90th percentile, in minutes</source>
        <translation>Mittelwert und 90. Perzentil, in Minuten</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>Mitigate</source>
        <translation>Eindämmen</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Behebung</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Beheben</translation>
    </message>
    <message>
        <source>Response times</source>
        <translation>Reaktionszeiten</translation>
    </message>
    <message>
        <source>Save the figures shown as a CSV file</source>
        <translation>Die angezeigten Kennzahlen als CSV-Datei speichern</translation>
    </message>
    <message>
        <source>Se&amp;rvice:</source>
        <translation>&amp;Dienst:</translation>
    </message>
    <message>
        <source>Se&amp;verity:</source>
        <translation>&amp;Schweregrad:</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Dienste</translation>
    </message>
    <message>
        <source>Severities</source>
        <translation>Schweregrade</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Target compliance by severity</source>
        <translation>Zieleinhaltung nach Schweregrad</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>Teams</translation>
    </message>
    <message>
        <source>The metrics could not be saved to %1: %2</source>
        <translation>Die Kennzahlen konnten nicht in %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Time to detect, acknowledge, mitigate and resolve</source>
        <translation>Zeit bis Erkennung, Bestätigung, Eindämmung und Behebung</translation>
    </message>
    <message>
        <source>Time to</source>
        <translation>Zeit bis</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>incidents</source>
        <translation>Vorfälle</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>none due</source>
        <translation>keine fällig</translation>
    </message>
</context>
<context>
    <name>Firebreak::NoteDialog</name>
    <message>
        <source>Add a Note — %1</source>
        <translation>Notiz hinzufügen – %1</translation>
    </message>
    <message>
        <source>Note in Markdown</source>
        <translation>Notiz in Markdown</translation>
    </message>
    <message>
        <source>What was seen, tried or decided. Markdown works: **bold**, `code`, lists, links.</source>
        <translation>Was beobachtet, versucht oder entschieden wurde. Markdown geht: **fett**, `Code`, Listen, Links.</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>&amp;Schreiben</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>Make this the incident&apos;s current &amp;summary</source>
        <translation>Als aktuelle &amp;Zusammenfassung des Vorfalls verwenden</translation>
    </message>
    <message>
        <source>&amp;Add Note</source>
        <translation>Notiz &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add the note (Ctrl+Return)</source>
        <translation>Die Notiz hinzufügen (Strg+Eingabe)</translation>
    </message>
</context>
<context>
    <name>Firebreak::OnCallCalendar</name>
    <message>
        <source>On-call calendar</source>
        <translation>Bereitschaftskalender</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Dienstplan</translation>
    </message>
    <message>
        <source>Shifts of the chosen day</source>
        <translation>Schichten des gewählten Tages</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>Dienstplan:</translation>
    </message>
    <message>
        <source>No schedule yet.</source>
        <translation>Noch kein Dienstplan.</translation>
    </message>
    <message>
        <source>On call now: %1 until %2.</source>
        <translation>Jetzt in Bereitschaft: %1 bis %2.</translation>
    </message>
    <message>
        <source>Nobody is on call now.</source>
        <translation>Zurzeit ist niemand in Bereitschaft.</translation>
    </message>
    <message>
        <source>Next: %1 from %2.</source>
        <translation>Als Nächstes: %1 ab %2.</translation>
    </message>
    <message>
        <source>%1 – %2: %3</source>
        <translation>%1 – %2: %3</translation>
    </message>
    <message>
        <source>Nobody on call this day.</source>
        <translation>An diesem Tag ist niemand in Bereitschaft.</translation>
    </message>
</context>
<context>
    <name>Firebreak::PageNotifier</name>
    <message>
        <source>Firebreak: no open pages</source>
        <translation>Firebreak: keine offenen Alarmierungen</translation>
    </message>
    <message>
        <source>Paged: %1 %2</source>
        <translation>Alarmiert: %1 %2</translation>
    </message>
    <message>
        <source>%1 is asked to respond to &quot;%2&quot;. Click to acknowledge.</source>
        <translation>%1 soll auf „%2“ reagieren. Zum Bestätigen klicken.</translation>
    </message>
    <message>
        <source>You are asked to respond to &quot;%1&quot;. Click to acknowledge.</source>
        <translation>Sie sollen auf „%1“ reagieren. Zum Bestätigen klicken.</translation>
    </message>
    <message>
        <source>Acknowledge %1</source>
        <translation>%1 bestätigen</translation>
    </message>
    <message>
        <source>No open pages</source>
        <translation>Keine offenen Alarmierungen</translation>
    </message>
    <message numerus="yes">
        <source>Firebreak: %n open page(s)</source>
        <translation>
            <numerusform>Firebreak: %n offene Alarmierung</numerusform>
            <numerusform>Firebreak: %n offene Alarmierungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Firebreak::PermissionGate</name>
    <message>
        <source>Your role lacks the permission “%1”.</source>
        <translation>Ihrer Rolle fehlt die Berechtigung „%1“.</translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemDashboard</name>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>%1 offen</translation>
    </message>
    <message>
        <source>%1 open, %2 overdue</source>
        <translation>%1 offen, %2 überfällig</translation>
    </message>
    <message>
        <source>Action items</source>
        <translation>Maßnahmen</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Vorfall</translation>
    </message>
    <message>
        <source>Post-mortems and their completion clock</source>
        <translation>Post-Mortems und ihre Abschlussfrist</translation>
    </message>
    <message>
        <source>Post-mortems within %1 h: %2 in time, %3 late, %4 overdue, %5 running. Action items: %6 open, %7 overdue. Repeat incidents: %8 %.</source>
        <translation>Post-Mortems binnen %1 h: %2 rechtzeitig, %3 verspätet, %4 überfällig, %5 laufend. Maßnahmen: %6 offen, %7 überfällig. Wiederholte Vorfälle: %8 %.</translation>
    </message>
    <message>
        <source>Post-mortems</source>
        <translation>Post-Mortems</translation>
    </message>
    <message>
        <source>Repeat of</source>
        <translation>Wiederholung von</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>in review</source>
        <translation>in Prüfung</translation>
    </message>
    <message>
        <source>overdue by %1</source>
        <translation>seit %1 überfällig</translation>
    </message>
    <message>
        <source>published in time</source>
        <translation>rechtzeitig veröffentlicht</translation>
    </message>
    <message>
        <source>published late</source>
        <translation>verspätet veröffentlicht</translation>
    </message>
    <message>
        <source>published</source>
        <translation>veröffentlicht</translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemEditor</name>
    <message>
        <source>Start from the template</source>
        <translation>Mit der Vorlage beginnen</translation>
    </message>
    <message>
        <source>Start the post-mortem from the template</source>
        <translation>Das Post-Mortem mit der Vorlage beginnen</translation>
    </message>
    <message>
        <source>Nobody else is here</source>
        <translation>Sonst ist niemand hier</translation>
    </message>
    <message>
        <source>Also here: %1</source>
        <translation>Ebenfalls hier: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n other people in this post-mortem</source>
        <translation>
            <numerusform>%n weitere Person in diesem Post-Mortem</numerusform>
            <numerusform>%n weitere Personen in diesem Post-Mortem</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemReview</name>
    <message>
        <source>%1 on “%2”: %3</source>
        <translation>%1 zu „%2“: %3</translation>
    </message>
    <message>
        <source>Comment on selection</source>
        <translation>Auswahl kommentieren</translation>
    </message>
    <message>
        <source>Comment on the selected passage</source>
        <translation>Kommentar zur ausgewählten Passage</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Due in %1</source>
        <translation>Fällig in %1</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>In Prüfung</translation>
    </message>
    <message>
        <source>No completion clock for this incident</source>
        <translation>Für diesen Vorfall läuft keine Abschlussfrist</translation>
    </message>
    <message>
        <source>Overdue by %1</source>
        <translation>Seit %1 überfällig</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Veröffentlichen</translation>
    </message>
    <message>
        <source>Published in time</source>
        <translation>Rechtzeitig veröffentlicht</translation>
    </message>
    <message>
        <source>Published late</source>
        <translation>Verspätet veröffentlicht</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Veröffentlicht</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>Request review</source>
        <translation>Prüfung anfordern</translation>
    </message>
    <message>
        <source>Resolve comment</source>
        <translation>Kommentar erledigen</translation>
    </message>
    <message>
        <source>Resolved by %1</source>
        <translation>Erledigt von %1</translation>
    </message>
    <message>
        <source>Root-cause tags</source>
        <translation>Ursachen-Schlagwörter</translation>
    </message>
    <message>
        <source>Root-cause tags, separated by commas</source>
        <translation>Ursachen-Schlagwörter, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Select a comment first.</source>
        <translation>Wählen Sie zuerst einen Kommentar aus.</translation>
    </message>
    <message>
        <source>Select a passage and write the comment first.</source>
        <translation>Wählen Sie eine Passage aus und schreiben Sie zuerst den Kommentar.</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Stand: %1</translation>
    </message>
    <message>
        <source>The passage of this comment is no longer in the text.</source>
        <translation>Die Passage dieses Kommentars steht nicht mehr im Text.</translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemTextEdit</name>
    <message>
        <source>Post-mortem text</source>
        <translation>Post-Mortem-Text</translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemTimeline</name>
    <message>
        <source>Add outside event</source>
        <translation>Externes Ereignis hinzufügen</translation>
    </message>
    <message>
        <source>Annotation for the selected moment</source>
        <translation>Anmerkung zum ausgewählten Moment</translation>
    </message>
    <message>
        <source>Annotation</source>
        <translation>Anmerkung</translation>
    </message>
    <message>
        <source>For instance: a customer reported it</source>
        <translation>Zum Beispiel: ein Kunde hat es gemeldet</translation>
    </message>
    <message>
        <source>Incident timeline</source>
        <translation>Zeitleiste des Vorfalls</translation>
    </message>
    <message>
        <source>Insert timeline into the document</source>
        <translation>Zeitleiste ins Dokument einfügen</translation>
    </message>
    <message>
        <source>Key moments only</source>
        <translation>Nur Schlüsselmomente</translation>
    </message>
    <message>
        <source>Mark key moment</source>
        <translation>Als Schlüsselmoment markieren</translation>
    </message>
    <message>
        <source>Mark key moments or add outside events first.</source>
        <translation>Markieren Sie zuerst Schlüsselmomente oder fügen Sie externe Ereignisse hinzu.</translation>
    </message>
    <message>
        <source>Say what happened outside Firebreak.</source>
        <translation>Beschreiben Sie, was außerhalb von Firebreak geschah.</translation>
    </message>
    <message>
        <source>Select an event of the incident first.</source>
        <translation>Wählen Sie zuerst ein Ereignis des Vorfalls aus.</translation>
    </message>
    <message>
        <source>That event is not on this incident&apos;s timeline.</source>
        <translation>Dieses Ereignis steht nicht in der Zeitleiste dieses Vorfalls.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Unmark</source>
        <translation>Markierung entfernen</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>outside Firebreak</source>
        <translation>außerhalb von Firebreak</translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemWindow</name>
    <message>
        <source>Action item from selection</source>
        <translation>Maßnahme aus der Auswahl</translation>
    </message>
    <message>
        <source>Action items</source>
        <translation>Maßnahmen</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export the post-mortem</source>
        <translation>Post-Mortem exportieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;HTML (*.html);;Markdown (*.md)</source>
        <translation>PDF (*.pdf);;HTML (*.html);;Markdown (*.md)</translation>
    </message>
    <message>
        <source>Post-mortem of %1: %2</source>
        <translation>Post-Mortem von %1: %2</translation>
    </message>
    <message>
        <source>Post-mortem</source>
        <translation>Post-Mortem</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>The post-mortem could not be written to %1: %2</source>
        <translation>Das Post-Mortem konnte nicht nach %1 geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Firebreak::ResourceTracker</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Resource tracker</source>
        <translation>Einsatzübersicht</translation>
    </message>
    <message>
        <source>People across open incidents</source>
        <translation>Personen in offenen Vorfällen</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>Offene Aufgaben</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Vorfälle</translation>
    </message>
    <message>
        <source>Time engaged</source>
        <translation>Einsatzzeit</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Last</translation>
    </message>
    <message>
        <source>%1 (overloaded)</source>
        <translation>%1 (überlastet)</translation>
    </message>
    <message>
        <source>%1 carries more than anyone should; bring in fresh people.</source>
        <translation>%1 trägt mehr, als man tragen sollte; holen Sie frische Leute dazu.</translation>
    </message>
</context>
<context>
    <name>Firebreak::ResponderState</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>Firebreak::RespondersDock</name>
    <message>
        <source>Responders</source>
        <translation>Einsatzkräfte</translation>
    </message>
    <message>
        <source>&amp;Board</source>
        <translation>&amp;Tafel</translation>
    </message>
    <message>
        <source>&amp;Tracker</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <source>On &amp;call</source>
        <translation>&amp;Bereitschaft</translation>
    </message>
    <message>
        <source>&amp;Undelivered</source>
        <translation>&amp;Nicht zugestellt</translation>
    </message>
</context>
<context>
    <name>Firebreak::RoutesEditor</name>
    <message>
        <source>(no route)</source>
        <translation>(keine Route)</translation>
    </message>
    <message>
        <source>Routes, in the order they are tried</source>
        <translation>Routen in der Reihenfolge, in der sie geprüft werden</translation>
    </message>
    <message>
        <source>&amp;New route</source>
        <translation>&amp;Neue Route</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>D&amp;ry run</source>
        <translation>&amp;Probelauf</translation>
    </message>
    <message>
        <source>Place the last alerts received under these routes, saving nothing</source>
        <translation>Die zuletzt empfangenen Alarme nach diesen Routen einordnen, ohne etwas zu speichern</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Route name</source>
        <translation>Name der Route</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation>Bedingungen</translation>
    </message>
    <message>
        <source>One per line: service=checkout, env!~dev|test, @source=datadog</source>
        <translation>Eine pro Zeile: service=checkout, env!~dev|test, @source=datadog</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Position:</source>
        <translation>&amp;Position:</translation>
    </message>
    <message>
        <source>&amp;Matchers:</source>
        <translation>&amp;Bedingungen:</translation>
    </message>
    <message>
        <source>Sets</source>
        <translation>Setzt</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Eskalation</translation>
    </message>
    <message>
        <source>Keep the alert&apos;s</source>
        <translation>Vom Alarm übernehmen</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>&amp;Dienst:</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>Se&amp;verity:</source>
        <translation>Sch&amp;weregrad:</translation>
    </message>
    <message>
        <source>&amp;Escalation:</source>
        <translation>&amp;Eskalation:</translation>
    </message>
    <message>
        <source>Grouping and noise</source>
        <translation>Gruppierung und Rauschen</translation>
    </message>
    <message>
        <source>Group by labels</source>
        <translation>Nach Labels gruppieren</translation>
    </message>
    <message>
        <source>alertname, service (empty: as the source groups)</source>
        <translation>alertname, service (leer: wie die Quelle gruppiert)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>while open</source>
        <translation>solange offen</translation>
    </message>
    <message>
        <source> alerts</source>
        <translation> Alarme</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source> changes</source>
        <translation> Wechsel</translation>
    </message>
    <message>
        <source>Resolve the incident when all its alerts resolve</source>
        <translation>Vorfall beheben, wenn alle seine Alarme behoben sind</translation>
    </message>
    <message>
        <source>Acknowledge when the source acknowledges</source>
        <translation>Bestätigen, wenn die Quelle bestätigt</translation>
    </message>
    <message>
        <source>Keep the alerts but open nothing</source>
        <translation>Alarme behalten, aber nichts eröffnen</translation>
    </message>
    <message>
        <source>within</source>
        <translation>innerhalb von</translation>
    </message>
    <message>
        <source>&amp;Group by:</source>
        <translation>&amp;Gruppieren nach:</translation>
    </message>
    <message>
        <source>Join &amp;within:</source>
        <translation>&amp;Anschließen innerhalb:</translation>
    </message>
    <message>
        <source>Open after:</source>
        <translation>Eröffnen nach:</translation>
    </message>
    <message>
        <source>Flapping at:</source>
        <translation>Flattern ab:</translation>
    </message>
    <message>
        <source>Dry run: place the last alerts under these routes.</source>
        <translation>Probelauf: die letzten Alarme nach diesen Routen einordnen.</translation>
    </message>
    <message>
        <source>Dry run results</source>
        <translation>Ergebnisse des Probelaufs</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>With these routes</source>
        <translation>Mit diesen Routen</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation>%1 (aus)</translation>
    </message>
    <message numerus="yes">
        <source>%1 of the last %n alert(s) would change; %2 suppressed, %3 unrouted.</source>
        <translation>
            <numerusform>%1 des letzten %n Alarms würde sich ändern; %2 unterdrückt, %3 ohne Route.</numerusform>
            <numerusform>%1 der letzten %n Alarme würden sich ändern; %2 unterdrückt, %3 ohne Route.</numerusform>
        </translation>
    </message>
    <message>
        <source>Route &quot;%1&quot; created.</source>
        <translation>Route „%1“ angelegt.</translation>
    </message>
    <message>
        <source>Route &quot;%1&quot; saved.</source>
        <translation>Route „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Route &quot;%1&quot; deleted.</source>
        <translation>Route „%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Not connected: the routes cannot be changed offline.</source>
        <translation>Nicht verbunden: Routen lassen sich offline nicht ändern.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>Firebreak::SilencesView</name>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Silences and maintenance windows</source>
        <translation>Stummschaltungen und Wartungsfenster</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation>Bedingungen</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Beginnt</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Endet</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Stummschaltung</translation>
    </message>
    <message>
        <source>Maintenance window</source>
        <translation>Wartungsfenster</translation>
    </message>
    <message>
        <source>One per line: service=checkout, env=prod</source>
        <translation>Eine pro Zeile: service=checkout, env=prod</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>E&amp;xpire selected</source>
        <translation>Auswahl &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;Matchers:</source>
        <translation>&amp;Bedingungen:</translation>
    </message>
    <message>
        <source>&amp;Starts:</source>
        <translation>&amp;Beginnt:</translation>
    </message>
    <message>
        <source>&amp;Ends:</source>
        <translation>&amp;Endet:</translation>
    </message>
    <message>
        <source>C&amp;omment:</source>
        <translation>&amp;Kommentar:</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Wartung</translation>
    </message>
    <message>
        <source>Maintenance window created.</source>
        <translation>Wartungsfenster angelegt.</translation>
    </message>
    <message>
        <source>Silence created.</source>
        <translation>Stummschaltung angelegt.</translation>
    </message>
    <message>
        <source>Select a silence to expire.</source>
        <translation>Wählen Sie eine Stummschaltung zum Beenden aus.</translation>
    </message>
    <message>
        <source>Silence expired.</source>
        <translation>Stummschaltung beendet.</translation>
    </message>
    <message>
        <source>Not connected: silences cannot be changed offline.</source>
        <translation>Nicht verbunden: Stummschaltungen lassen sich offline nicht ändern.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>Firebreak::TaskColumnModel</name>
    <message>
        <source>Owner: %1</source>
        <translation>Verantwortlich: %1</translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation>Fällig: %1</translation>
    </message>
    <message>
        <source>%1, owner %2</source>
        <translation>%1, verantwortlich: %2</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
</context>
<context>
    <name>Firebreak::TimelineModel</name>
    <message>
        <source>Event %1 cannot be read from the local copy</source>
        <translation>Ereignis %1 lässt sich nicht aus der lokalen Kopie lesen</translation>
    </message>
    <message>
        <source>%1  %2 — %3</source>
        <translation>%1  %2 – %3</translation>
    </message>
    <message>
        <source>%1, by %2 (event %3)</source>
        <translation>%1, von %2 (Ereignis %3)</translation>
    </message>
    <message>
        <source>%1  %2 (%3) — %4</source>
        <translation>%1  %2 (%3) – %4</translation>
    </message>
    <message>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>wartet auf das Senden</translation>
    </message>
    <message>
        <source>refused by the server: %1</source>
        <translation>vom Server abgelehnt: %1</translation>
    </message>
    <message>
        <source>queued at %1</source>
        <translation>vorgemerkt um %1</translation>
    </message>
</context>
<context>
    <name>Firebreak::WorkloadChart</name>
    <message>
        <source>Workload by person</source>
        <translation>Auslastung nach Person</translation>
    </message>
    <message>
        <source>Workload across open incidents</source>
        <translation>Auslastung über offene Vorfälle</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>Offene Aufgaben</translation>
    </message>
</context>
<context>
    <name>IncidentText</name>
    <message>
        <source>Key moment marked: %1</source>
        <translation>Schlüsselmoment markiert: %1</translation>
    </message>
    <message>
        <source>Key moment unmarked</source>
        <translation>Schlüsselmoment entfernt</translation>
    </message>
    <message>
        <source>Outside event added: %1</source>
        <translation>Externes Ereignis hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Outside event removed</source>
        <translation>Externes Ereignis entfernt</translation>
    </message>
    <message>
        <source>Comment on the post-mortem: %1</source>
        <translation>Kommentar zum Post-Mortem: %1</translation>
    </message>
    <message>
        <source>Post-mortem review requested</source>
        <translation>Prüfung des Post-Mortems angefordert</translation>
    </message>
    <message>
        <source>Post-mortem published</source>
        <translation>Post-Mortem veröffentlicht</translation>
    </message>
    <message>
        <source>Post-mortem reopened</source>
        <translation>Post-Mortem wieder geöffnet</translation>
    </message>
    <message>
        <source>Post-mortem overdue</source>
        <translation>Post-Mortem überfällig</translation>
    </message>
    <message>
        <source>Action item: %1</source>
        <translation>Maßnahme: %1</translation>
    </message>
    <message>
        <source>Action item due soon</source>
        <translation>Maßnahme bald fällig</translation>
    </message>
    <message>
        <source>Action item overdue</source>
        <translation>Maßnahme überfällig</translation>
    </message>
    <message>
        <source>Triggered</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Investigating</source>
        <translation>Wird untersucht</translation>
    </message>
    <message>
        <source>Identified</source>
        <translation>Ursache erkannt</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>Wird beobachtet</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <source>%1 (integration)</source>
        <translation>%1 (Integration)</translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation>Firebreak</translation>
    </message>
    <message>
        <source>Alert received: %1</source>
        <translation>Alarm eingegangen: %1</translation>
    </message>
    <message>
        <source>Alert updated: %1</source>
        <translation>Alarm aktualisiert: %1</translation>
    </message>
    <message>
        <source>Alert resolved: %1</source>
        <translation>Alarm behoben: %1</translation>
    </message>
    <message>
        <source>Alert fired again: %1</source>
        <translation>Alarm erneut ausgelöst: %1</translation>
    </message>
    <message>
        <source>Alert changed (%1)</source>
        <translation>Alarm geändert (%1)</translation>
    </message>
    <message>
        <source>Severity changed from %1 to %2</source>
        <translation>Schweregrad von %1 auf %2 geändert</translation>
    </message>
    <message numerus="yes">
        <source>All %n alert(s) resolved</source>
        <translation>
            <numerusform>Der einzige Alarm ist behoben</numerusform>
            <numerusform>Alle %n Alarme behoben</numerusform>
        </translation>
    </message>
    <message>
        <source>changed: %1</source>
        <translation>geändert: %1</translation>
    </message>
    <message>
        <source>Incident opened: %1</source>
        <translation>Vorfall eröffnet: %1</translation>
    </message>
    <message>
        <source>severity %1</source>
        <translation>Schweregrad %1</translation>
    </message>
    <message>
        <source>service %1</source>
        <translation>Dienst %1</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) not delivered</source>
        <translation>
            <numerusform>%n Alarm nicht zugestellt</numerusform>
            <numerusform>%n Alarme nicht zugestellt</numerusform>
        </translation>
    </message>
    <message>
        <source>The source shortened its message: these alerts are unknown, not resolved.</source>
        <translation>Die Quelle hat ihre Nachricht gekürzt: Diese Alarme sind unbekannt, nicht behoben.</translation>
    </message>
    <message>
        <source>%1: this version of Firebreak does not describe it yet</source>
        <translation>%1: Diese Version von Firebreak kann dieses Ereignis noch nicht beschreiben</translation>
    </message>
    <message>
        <source>Status changed from %1 to %2</source>
        <translation>Status von %1 auf %2 geändert</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Wieder eröffnet</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Notiz hinzugefügt</translation>
    </message>
    <message>
        <source>incident commander</source>
        <translation>Einsatzleitung</translation>
    </message>
    <message>
        <source>communications lead</source>
        <translation>Kommunikation</translation>
    </message>
    <message>
        <source>scribe</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>a responder</source>
        <translation>Einsatzkraft</translation>
    </message>
    <message>
        <source>%1 is no longer %2</source>
        <translation>Rolle %2: nicht mehr %1</translation>
    </message>
    <message>
        <source>%1 is now %2</source>
        <translation>Rolle %2: jetzt %1</translation>
    </message>
    <message>
        <source>taking over from %1</source>
        <translation>übernommen von %1</translation>
    </message>
    <message>
        <source>Incident commander</source>
        <translation>Einsatzleitung</translation>
    </message>
    <message>
        <source>Communications lead</source>
        <translation>Kommunikation</translation>
    </message>
    <message>
        <source>Scribe</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Responder</source>
        <translation>Einsatzkraft</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>Erste Reaktion</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Behebung</translation>
    </message>
    <message>
        <source>Summary updated</source>
        <translation>Zusammenfassung aktualisiert</translation>
    </message>
    <message>
        <source>%1 target at risk</source>
        <translation>Ziel %1 gefährdet</translation>
    </message>
    <message>
        <source>%1 target breached</source>
        <translation>Ziel %1 überschritten</translation>
    </message>
    <message>
        <source>Milestone %1 set</source>
        <translation>Meilenstein %1 gesetzt</translation>
    </message>
    <message>
        <source>Details changed</source>
        <translation>Angaben geändert</translation>
    </message>
    <message>
        <source>Linked to a related incident</source>
        <translation>Mit einem verwandten Vorfall verknüpft</translation>
    </message>
    <message>
        <source>Merged into another incident as a duplicate</source>
        <translation>Als Duplikat in einen anderen Vorfall zusammengeführt</translation>
    </message>
    <message>
        <source>A duplicate incident was merged into this one</source>
        <translation>Ein doppelter Vorfall wurde hierher zusammengeführt</translation>
    </message>
    <message>
        <source>Shared with %1</source>
        <translation>Geteilt mit %1</translation>
    </message>
    <message>
        <source>No longer shared with %1</source>
        <translation>Nicht mehr geteilt mit %1</translation>
    </message>
    <message>
        <source>Link attached: %1</source>
        <translation>Link angehängt: %1</translation>
    </message>
    <message>
        <source>Log excerpt attached: %1</source>
        <translation>Log-Auszug angehängt: %1</translation>
    </message>
    <message>
        <source>SHA-256 %1…</source>
        <translation>SHA-256 %1…</translation>
    </message>
    <message>
        <source>File attached: %1</source>
        <translation>Datei angehängt: %1</translation>
    </message>
    <message>
        <source>Task added: %1</source>
        <translation>Aufgabe angelegt: %1</translation>
    </message>
    <message>
        <source>Task moved: %1</source>
        <translation>Aufgabe verschoben: %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Task changed: %1</source>
        <translation>Aufgabe geändert: %1</translation>
    </message>
    <message>
        <source>Task removed: %1</source>
        <translation>Aufgabe entfernt: %1</translation>
    </message>
    <message>
        <source>Escalation started: %1</source>
        <translation>Eskalation gestartet: %1</translation>
    </message>
    <message>
        <source>Escalated to level %1</source>
        <translation>Auf Stufe %1 eskaliert</translation>
    </message>
    <message>
        <source>Escalation stopped</source>
        <translation>Eskalation beendet</translation>
    </message>
    <message>
        <source>Escalation ran out of levels: nobody acknowledged</source>
        <translation>Eskalation ohne weitere Stufen: Niemand hat bestätigt</translation>
    </message>
    <message>
        <source>Paged %1</source>
        <translation>%1 alarmiert</translation>
    </message>
    <message>
        <source>Page to %1 delivered</source>
        <translation>Alarmierung an %1 zugestellt</translation>
    </message>
    <message>
        <source>Page to %1 failed</source>
        <translation>Alarmierung an %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Page to %1 acknowledged</source>
        <translation>Alarmierung an %1 bestätigt</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>PEM file of CA certificates to trust besides the system&apos;s (or FIREBREAK_CA_FILE).</source>
        <translation>PEM-Datei mit CA-Zertifikaten, denen zusätzlich zu denen des Systems vertraut wird (oder FIREBREAK_CA_FILE).</translation>
    </message>
    <message>
        <source>Accept only a server presenting this PEM certificate (or FIREBREAK_PINNED_CERTIFICATE).</source>
        <translation>Nur einen Server akzeptieren, der dieses PEM-Zertifikat vorlegt (oder FIREBREAK_PINNED_CERTIFICATE).</translation>
    </message>
    <message>
        <source>Server to connect to (http://host:port).</source>
        <translation>Server, mit dem verbunden wird (http://host:port).</translation>
    </message>
    <message>
        <source>API token for the server.</source>
        <translation>API-Token für den Server.</translation>
    </message>
    <message>
        <source>File of the local copy of the events (SQLite).</source>
        <translation>Datei der lokalen Kopie der Ereignisse (SQLite).</translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation>Firebreak</translation>
    </message>
    <message>
        <source>Work in local mode: no team server, data kept on this computer.</source>
        <translation>Im lokalen Modus arbeiten: kein Team-Server, Daten bleiben auf diesem Computer.</translation>
    </message>
    <message>
        <source>Firebreak, the incident war-room. Without --server and --token (or FIREBREAK_SERVER and FIREBREAK_TOKEN) it uses the server it kept from last time, or works in local mode.</source>
        <translation>Firebreak, das Lagezentrum für Vorfälle. Ohne --server und --token (oder FIREBREAK_SERVER und FIREBREAK_TOKEN) verwendet es den zuletzt gemerkten Server oder arbeitet im lokalen Modus.</translation>
    </message>
</context>
</TS>
