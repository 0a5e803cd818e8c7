<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Firebreak::ActionItemsPanel</name>
    <message>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add action item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://tracker.example.com/ISSUE-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status of the selected action item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracker link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created from the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created from the incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n overdue</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Select an action item first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::AlertListModel</name>
    <message>
        <source>Firing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>silenced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maintenance window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suppressed by route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::AlertsDock</name>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;lerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;outes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ilences</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::AlertsView</name>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by title, label, service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppressed alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not suppressed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suppressed only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any source</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation>
            <numerusform>%n alert</numerusform>
            <numerusform>%n alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Firebreak::AssignRoleDialog</name>
    <message>
        <source>Assign a Role — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody holds this role yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held now by %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::AssignmentBoard</name>
    <message>
        <source>To do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignment board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New task title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New task owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to the next column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to the previous column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add task &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move task</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::AuditLogDock</name>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by action, person, origin or incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::AuditLogModel</name>
    <message>
        <source>not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seq</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type an action or an incident…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an action or an incident</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::CommandSender</name>
    <message>
        <source>Mark a key moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmark a key moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an outside event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove an outside event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set root-cause tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment on the post-mortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve a comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request review of the post-mortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish the post-mortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen the post-mortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an action item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change an action item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command could not be kept for sending; see the message above.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::ConnectDialog</name>
    <message>
        <source>Connect to a Firebreak Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firebreak keeps a local copy of what the server shares, so you can still read incidents when it is unreachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://firebreak.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::DeadLetterView</name>
    <message>
        <source>Undelivered notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications that could not be delivered. Fix the channel, then retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry notification</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::DeclareDialog</name>
    <message>
        <source>Declare an Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is wrong, in a few words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is affected and how: users, revenue, data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;everity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Impact:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commander:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Declare</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::DesktopSession</name>
    <message>
        <source>Cannot create the folder of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the local copy %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 acknowledged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server gave no reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not acknowledge %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not resolve %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the severity of %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep “%1” to send: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no local copy is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the queue of unsent commands in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start local mode in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the local token %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::EvidenceDialog</name>
    <message>
        <source>Attach Evidence — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log excerpt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grafana dashboard at the time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the lines that matter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Excerpt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach a File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link needs an http:// or https:// address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the excerpt first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file must hold 1 byte to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a server first: files are kept there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not upload the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not attach evidence to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::Handover</name>
    <message>
        <source>Cannot read the local data %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) handed over.</source>
        <translation>
            <numerusform>%n event handed over.</numerusform>
            <numerusform>%n events handed over.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team server refused the hand-over: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team server is unreachable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These evidence files could not be copied and stay on this computer: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentActions</name>
    <message>
        <source>&amp;Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge the incident: you are on it (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Escalate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page the on-call people of the service&apos;s escalation policy (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign R&amp;ole…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make someone commander, communications lead, scribe or responder (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a note in Markdown on the timeline (Ctrl+Shift+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach E&amp;vidence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach a file, a log excerpt or a link (Ctrl+Shift+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve the incident (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raise or lower the severity (Ctrl+1 to Ctrl+4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change S&amp;tatus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the incident along its lifecycle (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work on a resolved or closed incident again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 as %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make %1 %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New summary of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach “%1” to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentHeader</name>
    <message>
        <source>No service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All alerts resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing.</source>
        <translation>
            <numerusform>%n alert firing.</numerusform>
            <numerusform>%n alerts firing.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) not delivered: the source shortened its message.</source>
        <translation>
            <numerusform>%n alert not delivered: the source shortened its message.</numerusform>
            <numerusform>%n alerts not delivered: the source shortened its message.</numerusform>
        </translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commander: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comms lead: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scribe: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responders: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responders: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current summary: add a note marked as the summary to change it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 left — at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: breached %2 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impact: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentListModel</name>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentView</name>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages and pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets, milestones and other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump to the newest entry and follow live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the newest entries, or stay where you are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only some kinds of entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show All Kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected timeline entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>↓ %n new</source>
        <translation>
            <numerusform>↓ %n new</numerusform>
            <numerusform>↓ %n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new entries: jump to them</source>
        <translation>
            <numerusform>%n new entry: jump to it</numerusform>
            <numerusform>%n new entries: jump to them</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 kinds</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::IncidentWindow</name>
    <message>
        <source>Command &amp;Palette…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::MainWindow</name>
    <message>
        <source>Incident &amp;Metrics…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to Server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Firebreak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by number, title, severity, status or service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an incident to see its timeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n incident(s)</source>
        <translation>
            <numerusform>%n incident</numerusform>
            <numerusform>%n incidents</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected — showing the local copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catching up with %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live — connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server certificate refused: %1 — showing the local copy; retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server unreachable — showing the local copy; retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firebreak — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Firebreak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Firebreak %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;A desktop war-room for incidents.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the server and the API token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dismiss Refused Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the commands the server refused; their reasons stay in the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting to be sent</source>
        <translation>
            <numerusform>%n command waiting to be sent</numerusform>
            <numerusform>%n commands waiting to be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hand Over to Team Server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the incidents kept on this computer to a team server, then work there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local mode — kept on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand Over to Team Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only local-mode data can be handed over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handing over to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handing over: %1 of %2 events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Declare Incident…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an incident by hand: title, severity, service, impact and commander (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command &amp;Palette…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find any action or incident by typing (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in New &amp;Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the incident in a window of its own (Ctrl+Shift+W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Post-mortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the selected incident&apos;s post-mortem together (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in New &amp;Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this incident open and show the selected one beside it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Follow Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump to the newest entry of the timeline and follow it (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declare “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot keep the local copy on this computer: %1. New events are not shown until it can; retrying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot keep the local copy: %1 — showing what it holds; retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the token — showing the local copy; connect again with File → Connect to Server…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::MetricsView</name>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 met (%3 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n incident(s), %1 open</source>
        <translation>
            <numerusform>%n incident, %1 open</numerusform>
            <numerusform>%n incidents, %1 open</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Detected:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tre&amp;nd by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>90th pct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>90th percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95th pct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All severities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All teams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents by service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents by severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents by team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean and 90th percentile, in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mitigate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the figures shown as a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;rvice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;verity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target compliance by severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The metrics could not be saved to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to detect, acknowledge, mitigate and resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none due</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::NoteDialog</name>
    <message>
        <source>Add a Note — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note in Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was seen, tried or decided. Markdown works: **bold**, `code`, lists, links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make this the incident&apos;s current &amp;summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the note (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::OnCallCalendar</name>
    <message>
        <source>On-call calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shifts of the chosen day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No schedule yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On call now: %1 until %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is on call now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next: %1 from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 – %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody on call this day.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::PageNotifier</name>
    <message>
        <source>Firebreak: no open pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paged: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is asked to respond to &quot;%2&quot;. Click to acknowledge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are asked to respond to &quot;%1&quot;. Click to acknowledge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Firebreak: %n open page(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Firebreak::PermissionGate</name>
    <message>
        <source>Your role lacks the permission “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemDashboard</name>
    <message>
        <source>Post-mortems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-mortems and their completion clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>published in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>published late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 open, %2 overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-mortems within %1 h: %2 in time, %3 late, %4 overdue, %5 running. Action items: %6 open, %7 overdue. Repeat incidents: %8 %.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemEditor</name>
    <message>
        <source>Start from the template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the post-mortem from the template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody else is here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also here: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n other people in this post-mortem</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemReview</name>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment on selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root-cause tags, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root-cause tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment on the selected passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No completion clock for this incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on “%2”: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a passage and write the comment first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passage of this comment is no longer in the text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a comment first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemTextEdit</name>
    <message>
        <source>Post-mortem text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemTimeline</name>
    <message>
        <source>Mark key moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key moments only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add outside event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert timeline into the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotation for the selected moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For instance: a customer reported it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark key moments or add outside events first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside Firebreak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an event of the incident first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say what happened outside Firebreak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That event is not on this incident&apos;s timeline.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::PostMortemWindow</name>
    <message>
        <source>Post-mortem of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action item from selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-mortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the post-mortem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf);;HTML (*.html);;Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The post-mortem could not be written to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::ResourceTracker</name>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource tracker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People across open incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time engaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (overloaded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 carries more than anyone should; bring in fresh people.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::ResponderState</name>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::RespondersDock</name>
    <message>
        <source>Responders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tracker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On &amp;call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undelivered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::RoutesEditor</name>
    <message>
        <source>(no route)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routes, in the order they are tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;ry run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place the last alerts received under these routes, saving nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line: service=checkout, env!~dev|test, @source=datadog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Position:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Matchers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the alert&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;verity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Escalation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grouping and noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alertname, service (empty: as the source groups)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>while open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve the incident when all its alerts resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge when the source acknowledges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the alerts but open nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Group by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join &amp;within:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flapping at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run: place the last alerts under these routes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With these routes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of the last %n alert(s) would change; %2 suppressed, %3 unrouted.</source>
        <translation>
            <numerusform>%1 of the last %n alert would change; %2 suppressed, %3 unrouted.</numerusform>
            <numerusform>%1 of the last %n alerts would change; %2 suppressed, %3 unrouted.</numerusform>
        </translation>
    </message>
    <message>
        <source>Route &quot;%1&quot; created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route &quot;%1&quot; saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Route &quot;%1&quot; deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: the routes cannot be changed offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::SilencesView</name>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silences and maintenance windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line: service=checkout, env=prod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpire selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Matchers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Starts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ends:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;omment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance window created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a silence to expire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: silences cannot be changed offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::TaskColumnModel</name>
    <message>
        <source>Owner: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, owner %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::TimelineModel</name>
    <message>
        <source>%1  %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, by %2 (event %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2 (%3) — %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused by the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queued at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event %1 cannot be read from the local copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Firebreak::WorkloadChart</name>
    <message>
        <source>Workload by person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workload across open incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentText</name>
    <message>
        <source>Triggered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Investigating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (integration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert received: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert updated: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert resolved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert fired again: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert changed (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity changed from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>All %n alert(s) resolved</source>
        <translation>
            <numerusform>The only alert resolved</numerusform>
            <numerusform>All %n alerts resolved</numerusform>
        </translation>
    </message>
    <message>
        <source>changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>severity %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) not delivered</source>
        <translation>
            <numerusform>%n alert not delivered</numerusform>
            <numerusform>%n alerts not delivered</numerusform>
        </translation>
    </message>
    <message>
        <source>The source shortened its message: these alerts are unknown, not resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: this version of Firebreak does not describe it yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status changed from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incident commander</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>communications lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a responder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is no longer %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>taking over from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident commander</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Communications lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 target at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 target breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Milestone %1 set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linked to a related incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged into another incident as a duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A duplicate incident was merged into this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No longer shared with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log excerpt attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task moved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task removed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalated to level %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escalation ran out of levels: nobody acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paged %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page to %1 delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page to %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page to %1 acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key moment marked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key moment unmarked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outside event added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outside event removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment on the post-mortem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-mortem review requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-mortem published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-mortem reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-mortem overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action item: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action item due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action item overdue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>PEM file of CA certificates to trust besides the system&apos;s (or FIREBREAK_CA_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept only a server presenting this PEM certificate (or FIREBREAK_PINNED_CERTIFICATE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server to connect to (http://host:port).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API token for the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File of the local copy of the events (SQLite).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firebreak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work in local mode: no team server, data kept on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firebreak, the incident war-room. Without --server and --token (or FIREBREAK_SERVER and FIREBREAK_TOKEN) it uses the server it kept from last time, or works in local mode.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
