<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv" sourcelanguage="en">
<context>
    <name>AppController</name>
    <message>
        <location filename="../../noomus_desktop/ui/controller.py" line="+176"/>
        <source>Signing in...</source>
        <extracomment>The engine is running for a signed-in account (tests and the smoke run wait for it). The app is about to quit (after confirmation if files were sending). Engines told to stop (sign-out) whose threads may still be winding down. Where the running engine sends (``Destination.noomus`` of the signed-in account). The one-time password&apos;s replacement being asked for (see ``_ask_own_password``).</extracomment>
        <translation>Loggar in...</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Signed out</source>
        <translation>Du har loggats ut</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Your account is locked after your lost-password report. Sending has stopped.</source>
        <translation>Ditt konto är spärrat efter att du anmälde ett förlorat lösenord. Skickandet har stoppats.</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n item(s) will be sent once you are signed in.</source>
        <translation>
            <numerusform>%n objekt skickas när du har loggat in.</numerusform>
            <numerusform>%n objekt skickas när du har loggat in.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Noomus: needs your attention</source>
        <translation>Noomus: kräver din uppmärksamhet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Noomus: nothing to send</source>
        <translation>Noomus: inget att skicka</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delivered</source>
        <translation>Levererat</translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <source>%n file(s) delivered to Noomus</source>
        <translation>
            <numerusform>%n fil levererad till Noomus</numerusform>
            <numerusform>%n filer levererade till Noomus</numerusform>
        </translation>
    </message>
    <message>
        <location line="-162"/>
        <source>Your new password is set.</source>
        <translation>Ditt nya lösenord har tagits i bruk.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your password is changed. Your other computers and devices are signed out.</source>
        <translation>Ditt lösenord är bytt. Dina andra datorer och enheter har loggats ut.</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Already being sent</source>
        <translation>Skickas redan</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+30"/>
        <source>Not sent</source>
        <translation>Inte skickat</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Sending stopped</source>
        <translation>Skickandet har stoppats</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sending again</source>
        <translation>Skickandet fortsätter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus is available again. Your files are being sent.</source>
        <translation>Noomus är tillgänglig igen. Dina filer skickas.</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Still sending</source>
        <translation>Skickar fortfarande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus keeps sending your files. Quit from the tray icon&apos;s menu.</source>
        <translation>Noomus fortsätter att skicka dina filer. Avsluta via ikonens meny i meddelandefältet.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Quit Noomus?</source>
        <translation>Avsluta Noomus?</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n file(s) are still being sent.</source>
        <translation>
            <numerusform>%n fil skickas fortfarande.</numerusform>
            <numerusform>%n filer skickas fortfarande.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>If you quit now, sending continues the next time you open Noomus.</source>
        <translation>Om du avslutar nu fortsätter skickandet nästa gång du öppnar Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keep sending</source>
        <translation>&amp;Fortsätt skicka</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/change_password_dialog.py" line="+56"/>
        <source>Change password</source>
        <translation>Byt lösenord</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your other computers and devices are signed out when you change your password; this computer stays signed in.</source>
        <translation>När du byter lösenord loggas dina andra datorer och enheter ut. Den här datorn förblir inloggad.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Current password</source>
        <translation>Nuvarande lösenord</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New password</source>
        <translation>Nytt lösenord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least 12 characters</source>
        <translation>Minst 12 tecken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again</source>
        <translation>Nytt lösenord igen</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>&amp;Current password:</source>
        <translation>&amp;Nuvarande lösenord:</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Choose your own password</source>
        <translation>Välj ett eget lösenord</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You signed in with a one-time password from Noomus. Choose your own password now: type the one-time password, then your new password twice. No files are sent until you do. If you cancel, you are signed out and your files wait.</source>
        <translation>Du loggade in med ett engångslösenord från Noomus. Välj ett eget lösenord nu: skriv engångslösenordet och sedan ditt nya lösenord två gånger. Inga filer skickas innan du har gjort det. Om du avbryter loggas du ut och dina filer väntar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One-time password</source>
        <translation>Engångslösenord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;One-time password:</source>
        <translation>&amp;Engångslösenord:</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;New password:</source>
        <translation>N&amp;ytt lösenord:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password &amp;again:</source>
        <translation>Nytt lösenord &amp;igen:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>C&amp;hange password</source>
        <translation>&amp;Byt lösenord</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Sign out</source>
        <translation>&amp;Logga ut</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Please fill in all three password boxes.</source>
        <translation>Fyll i alla tre lösenordsfält.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two new passwords are not the same. Please type them again.</source>
        <translation>De två nya lösenorden är inte likadana. Skriv dem igen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Changing the password...</source>
        <translation>Lösenordet byts...</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The current password is not right. Please type it again.</source>
        <translation>Det nuvarande lösenordet är inte rätt. Skriv det igen.</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/devices_dialog.py" line="+72"/>
        <location line="+7"/>
        <source>Signed-in devices</source>
        <translation>Inloggade enheter</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>These computers and devices are signed in to your Noomus account. If you do not recognise one, sign it out and change your password.</source>
        <translation>De här datorerna och enheterna är inloggade på ditt Noomus-konto. Om du inte känner igen någon av dem, logga ut den och byt lösenord.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Device</source>
        <translation>Enhet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last used</source>
        <translation>Senast använd</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Asking Noomus for the list...</source>
        <translation>Listan hämtas från Noomus...</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unnamed device</source>
        <translation>Namnlös enhet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (this computer)</source>
        <translation>%1 (den här datorn)</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>The list is up to date.</source>
        <translation>Listan är uppdaterad.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sign out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out %1</source>
        <translation>Logga ut %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Signing the device out...</source>
        <translation>Enheten loggas ut...</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../noomus_desktop/ui/drop_zone.py" line="+98"/>
        <source>Drop files or folders here to send them securely to Noomus</source>
        <translation>Släpp filer eller mappar här för att skicka dem säkert till Noomus</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Drop zone</source>
        <extracomment>True while files are dragged over the card.</extracomment>
        <translation>Släppyta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop files or folders here, or press Enter or Space to choose files to send.</source>
        <translation>Släpp filer eller mappar här, eller tryck på Enter eller mellanslag för att välja filer att skicka.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Enter or Space to choose files</source>
        <translation>Tryck på Enter eller mellanslag för att välja filer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Release to send</source>
        <translation>Släpp för att skicka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The files are encrypted before they leave</source>
        <translation>Filerna krypteras innan de skickas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>or press Enter to choose files</source>
        <translation>eller tryck på Enter för att välja filer</translation>
    </message>
</context>
<context>
    <name>Headline</name>
    <message>
        <location filename="../../noomus_desktop/ui/headline.py" line="+41"/>
        <source>Account locked — contact Noomus</source>
        <translation>Kontot är låst — kontakta Noomus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account disabled — contact Noomus</source>
        <translation>Kontot är inaktiverat — kontakta Noomus</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Not signed in — %n file(s) waiting to be sent</source>
        <translation>
            <numerusform>Inte inloggad — %n fil väntar på att skickas</numerusform>
            <numerusform>Inte inloggad — %n filer väntar på att skickas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not signed in</source>
        <translation>Inte inloggad</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n file(s) could not be sent</source>
        <translation>
            <numerusform>%n fil kunde inte skickas</numerusform>
            <numerusform>%n filer kunde inte skickas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting for the connection — files go out when it is back</source>
        <translation>Väntar på anslutningen — filerna skickas när den är tillbaka</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Sending %n file(s) — %1 left</source>
        <extracomment>%n files are being sent; %1 is the time left, e.g. &quot;about 2 minutes&quot;.</extracomment>
        <translation>
            <numerusform>Skickar %n fil — %1 kvar</numerusform>
            <numerusform>Skickar %n filer — %1 kvar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Sending %n file(s)</source>
        <translation>
            <numerusform>Skickar %n fil</numerusform>
            <numerusform>Skickar %n filer</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paused</source>
        <translation>Pausad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All delivered ✓</source>
        <translation>Allt levererat ✓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to send yet</source>
        <translation>Inget att skicka ännu</translation>
    </message>
</context>
<context>
    <name>HistoryReferences</name>
    <message>
        <location filename="../../noomus_desktop/ui/history_reference.py" line="+50"/>
        <source>Quote this reference to Noomus to find this delivery.</source>
        <extracomment>The reference&apos;s column, after the window&apos;s file, size and date.</extracomment>
        <translation>Uppge den här referensen för Noomus så hittas leveransen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reference</source>
        <extracomment>Column title in History: the number Noomus gave the delivery (&quot;#42&quot;).</extracomment>
        <translation>Referens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy delivery reference</source>
        <translation>&amp;Kopiera leveransens referens</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../noomus_desktop/ui/main_window.py" line="+238"/>
        <source>Noomus</source>
        <extracomment>(``RowAction``, transfer id): the user asked for an action on that row. The folder a file chooser was left in (the controller keeps it in the settings). Called on close: True lets the window close (the controller may hide/quit instead). Where the file choosers open (&quot;&quot; lets Qt choose): the last folder used.</extracomment>
        <translation>Noomus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your files are encrypted on this computer before they leave. Only Noomus can open them.</source>
        <translation>Dina filer krypteras på den här datorn innan de skickas. Bara Noomus kan öppna dem.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Encrypted</source>
        <extracomment>Spoken name of the lock picture beside the &quot;encrypted on this computer&quot; sentence.</extracomment>
        <translation>Krypterad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick files to send to Noomus</source>
        <translation>Välj filer att skicka till Noomus</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+157"/>
        <source>Choose f&amp;older...</source>
        <translation>Välj &amp;mapp...</translation>
    </message>
    <message>
        <location line="-155"/>
        <source>Pick a folder to send to Noomus, with everything in it</source>
        <translation>Välj en mapp att skicka till Noomus med allt innehåll</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files being sent</source>
        <translation>Filer som skickas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One row per file. Open the context menu for pause, resume, cancel or retry.</source>
        <translation>En rad per fil. Öppna snabbmenyn för att pausa, återuppta, avbryta eller försöka igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>File</source>
        <extracomment>Column title: the file&apos;s name (a noun, not the File menu).</extracomment>
        <translation>Fil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <extracomment>Column title: the file&apos;s size.</extracomment>
        <translation>Storlek</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivered</source>
        <extracomment>Column title: the date and time the file was delivered.</extracomment>
        <translation>Levererat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delivery history</source>
        <translation>Leveranshistorik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files delivered to Noomus from this computer (kept on this computer only)</source>
        <translation>Filer som levererats till Noomus från den här datorn (sparas bara på den här datorn)</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+158"/>
        <source>&amp;Choose files...</source>
        <translation>&amp;Välj filer...</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>S&amp;ending</source>
        <extracomment>Tab title: the files being sent now (the other tab is the delivery history).</extracomment>
        <translation>&amp;Pågående</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation>&amp;Historik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sending and history</source>
        <translation>Skickas och historik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch between the files being sent and the files already delivered</source>
        <translation>Växlar mellan filerna som skickas och filerna som redan levererats</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%p%</source>
        <extracomment>Progress bar text; %p is the percentage done. Write it as your language does (45 %).</extracomment>
        <translation>%p&#xa0;%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overall progress</source>
        <translation>Totalt förlopp</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+368"/>
        <source>Nothing to send yet.</source>
        <translation>Inget att skicka ännu.</translation>
    </message>
    <message>
        <location line="-377"/>
        <source>Clear finished</source>
        <translation>Rensa färdiga</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove delivered and cancelled files from the list (History keeps them)</source>
        <translation>Ta bort levererade och avbrutna filer från listan (Historiken behåller dem)</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pausa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resume</source>
        <translation>&amp;Återuppta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Avbryt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;try</source>
        <translation>Försök &amp;igen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move from the list</source>
        <translation>Ta &amp;bort från listan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Show the file</source>
        <translation>&amp;Visa filen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear &amp;finished</source>
        <translation>Rensa &amp;färdiga</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause &amp;all</source>
        <translation>Pa&amp;usa alla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume a&amp;ll</source>
        <translation>Återuppta a&amp;lla</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Not signed in</source>
        <translation>Inte inloggad</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Sign &amp;in...</source>
        <translation>Logga &amp;in...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign &amp;out</source>
        <translation>Logga &amp;ut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report &amp;lost password...</source>
        <translation>Anmäl &amp;förlorat lösenord...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;password...</source>
        <translation>Byt &amp;lösenord...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed-in &amp;devices...</source>
        <translation>Inloggade &amp;enheter...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;notifications</source>
        <translation>Visa &amp;aviseringar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings...</source>
        <translation>&amp;Inställningar...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Transfer actions</source>
        <translation>Överföringsåtgärder</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Transfers</source>
        <translation>&amp;Överföringar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings</source>
        <translation>&amp;Inställningar</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Signed in as %1</source>
        <translation>Inloggad som %1</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Choose files to send</source>
        <translation>Välj filer att skicka</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose a folder to send</source>
        <translation>Välj en mapp att skicka</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cancel sending?</source>
        <translation>Avbryta sändningen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop sending %1?</source>
        <translation>Sluta skicka %1?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What has arrived so far is deleted. You can send the file again later.</source>
        <translation>Det som hittills har kommit fram raderas. Du kan skicka filen igen senare.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel sending</source>
        <translation>Avbryt sändningen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep sending</source>
        <translation>Fortsätt skicka</translation>
    </message>
    <message numerus="yes">
        <location line="+96"/>
        <source>%1 of %n file(s) sent, waiting for sign-in.</source>
        <translation>
            <numerusform>%1 av %n fil skickad, väntar på inloggning.</numerusform>
            <numerusform>%1 av %n filer skickade, väntar på inloggning.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 of %n file(s) sent, %2 left.</source>
        <extracomment>%1 files of %n sent; %2 is the time left, e.g. &quot;about 2 minutes&quot;.</extracomment>
        <translation>
            <numerusform>%1 av %n fil skickad, %2 kvar.</numerusform>
            <numerusform>%1 av %n filer skickade, %2 kvar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of %n file(s) sent, sending...</source>
        <translation>
            <numerusform>%1 av %n fil skickad, skickar...</numerusform>
            <numerusform>%1 av %n filer skickade, skickar...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 of %n file(s) sent.</source>
        <translation>
            <numerusform>%1 av %n fil skickad.</numerusform>
            <numerusform>%1 av %n filer skickade.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n file(s) could not be sent.</source>
        <translation>
            <numerusform>%n fil kunde inte skickas.</numerusform>
            <numerusform>%n filer kunde inte skickas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n file(s) paused.</source>
        <translation>
            <numerusform>%n fil pausad.</numerusform>
            <numerusform>%n filer pausade.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../noomus_desktop/ui/problems.py" line="+31"/>
        <source>%1 could not be sent</source>
        <translation>%1 kunde inte skickas</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 and %n other(s) could not be sent</source>
        <extracomment>%1 is a file name; %n how many other files could not be sent either.</extracomment>
        <translation>
            <numerusform>%1 och %n annan fil kunde inte skickas</numerusform>
            <numerusform>%1 och %n andra filer kunde inte skickas</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is already being sent. It will be delivered once, not twice.</source>
        <translation>%1 skickas redan. Den levereras en gång, inte två.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%1 and %n other(s) are already being sent. Each will be delivered once, not twice.</source>
        <extracomment>%1 is a file name; %n how many other files added again were already being sent.</extracomment>
        <translation>
            <numerusform>%1 och %n annan fil skickas redan. Var och en levereras en gång, inte två.</numerusform>
            <numerusform>%1 och %n andra filer skickas redan. Var och en levereras en gång, inte två.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n item(s) could not be sent:</source>
        <translation>
            <numerusform>%n objekt kunde inte skickas:</numerusform>
            <numerusform>%n objekt kunde inte skickas:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>• %1: %2</source>
        <extracomment>One line of the list of files not sent: %1 is the file name, %2 the reason.</extracomment>
        <translation>• %1: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>…and %n more.</source>
        <translation>
            <numerusform>…och %n till.</numerusform>
            <numerusform>…och %n till.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportLostDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/report_lost_dialog.py" line="+120"/>
        <source>Report a lost password</source>
        <translation>Anmäl förlorat lösenord</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If you lost your password, or think someone else may know it, report it here.

When you report it:
• your account is locked at once, so nobody can use it;
• this computer forgets your sign-in and stops sending;
• Noomus coordinators contact you to give you a new password.</source>
        <translation>Om du har förlorat ditt lösenord, eller tror att någon annan kan känna till det, anmäl det här.

När du anmäler det:
• spärras ditt konto genast, så att ingen kan använda det;
• glömmer den här datorn din inloggning och slutar skicka;
• kontaktar Noomus koordinatorer dig och ger dig ett nytt lösenord.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>User ID</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user ID whose password was lost</source>
        <translation>Användarnamnet vars lösenord har förlorats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for Noomus (optional)</source>
        <translation>Meddelande till Noomus (frivilligt)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For example, how to reach you. Do not write passwords here.</source>
        <translation>Till exempel hur Noomus når dig. Skriv inga lösenord här.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;User ID:</source>
        <translation>&amp;Användarnamn:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note (optional):</source>
        <translation>&amp;Meddelande (frivilligt):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Report and lock my account</source>
        <translation>Anmäl och &amp;spärra mitt konto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the report to Noomus; your account is locked at once</source>
        <translation>Skickar anmälan till Noomus; ditt konto spärras genast</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without reporting; your account stays open</source>
        <translation>Stänger fönstret utan att anmäla; ditt konto förblir öppet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call Noomus</source>
        <translation>Ring Noomus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write an e-mail to Noomus</source>
        <translation>Skriv e-post till Noomus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close this window</source>
        <translation>Stänger det här fönstret</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Please enter your user ID.</source>
        <translation>Ange ditt användarnamn.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sending the report...</source>
        <translation>Skickar anmälan...</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your report was received and your account is locked. This computer has forgotten your sign-in and stopped sending. Noomus coordinators will contact you. You can also reach them now:</source>
        <translation>Din anmälan har tagits emot och ditt konto är spärrat. Den här datorn har glömt din inloggning och slutat skicka. Noomus koordinatorer kontaktar dig. Du kan också nå dem redan nu:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The report could not be sent because Noomus cannot be reached right now. Please call or e-mail Noomus right away so they can lock your account:</source>
        <translation>Anmälan kunde inte skickas eftersom Noomus inte går att nå just nu. Ring eller mejla Noomus genast så att de kan spärra ditt konto:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Phone: %1</source>
        <translation>Telefon: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E-mail: %1</source>
        <translation>E-post: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address: %1</source>
        <translation>Adress: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/settings_dialog.py" line="+125"/>
        <source>Settings</source>
        <extracomment>Languages by their own names (never translated: a reader must find their own).</extracomment>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files sent at the same time</source>
        <translation>Filer som skickas samtidigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes effect the next time you sign in</source>
        <translation>Träder i kraft nästa gång du loggar in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;notifications</source>
        <translation>Visa &amp;aviseringar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tell me when files are delivered or something needs my attention</source>
        <translation>Meddela mig när filer har levererats eller något kräver min uppmärksamhet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Start Noomus when I sign in to this computer</source>
        <translation>S&amp;tarta Noomus när jag loggar in på den här datorn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Noomus opens by itself each time you sign in</source>
        <translation>Noomus öppnas av sig själv varje gång du loggar in</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Tell me when a newer version is available</source>
        <translation>Meddela mig när en &amp;nyare version finns tillgänglig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Once a day Noomus asks its website for the newest version number</source>
        <translation>En gång om dagen frågar Noomus sin webbplats efter det senaste versionsnumret</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Same as the system</source>
        <translation>Samma som systemet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Noomus speaks the chosen language at once, in every window</source>
        <translation>Det valda språket används genast i alla fönster</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the l&amp;ogs folder</source>
        <translation>Öppna &amp;loggmappen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export diagnostics...</source>
        <translation>&amp;Exportera diagnostikuppgifter...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save logs and version numbers in a zip file for Noomus support</source>
        <translation>Sparar loggar och versionsnummer i en zip-fil för Noomus support</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Files sent at the same time:</source>
        <translation>&amp;Filer som skickas samtidigt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language:</source>
        <translation>&amp;Språk:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs:</source>
        <translation>Loggar:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the settings and close this window</source>
        <translation>Sparar inställningarna och stänger det här fönstret</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without changing the settings</source>
        <translation>Stänger fönstret utan att ändra inställningarna</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Save diagnostics</source>
        <translation>Spara diagnostikuppgifter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zip files (*.zip)</source>
        <translation>Zip-filer (*.zip)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saving...</source>
        <translation>Sparar...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved to %1</source>
        <translation>Sparades i filen %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/sign_in_dialog.py" line="+136"/>
        <location line="+36"/>
        <source>Sign in to Noomus</source>
        <translation>Logga in på Noomus</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Sign in with the user ID and password Noomus gave you.</source>
        <translation>Logga in med det användarnamn och lösenord som du har fått av Noomus.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User ID</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your Noomus extranet user ID</source>
        <translation>Ditt användarnamn för Noomus extranät</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your Noomus extranet password</source>
        <translation>Ditt lösenord för Noomus extranät</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remember me on this computer</source>
        <translation>&amp;Kom ihåg mig på den här datorn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep you signed in, using the system&apos;s password storage</source>
        <translation>Du förblir inloggad; inloggningen sparas i systemets lösenordsförvaring</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;User ID:</source>
        <translation>&amp;Användarnamn:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Lösenord:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This computer has no secure password storage that Noomus can use, so you will be asked for your password each time.</source>
        <translation>Den här datorn har ingen säker lösenordslagring som Noomus kan använda, så du blir tillfrågad om lösenordet varje gång.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New customer? Request a user ID</source>
        <translation>Ny kund? Begär ett användarnamn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the Noomus web page where new customers ask for a user ID</source>
        <translation>Öppnar Noomus webbsida där nya kunder begär ett användarnamn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I &amp;lost my password...</source>
        <translation>Jag har &amp;tappat bort mitt lösenord...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report a lost password: your account is locked and Noomus contacts you</source>
        <translation>Anmäl ett förlorat lösenord: ditt konto spärras och Noomus kontaktar dig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Advanced</source>
        <translation>A&amp;vancerat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use a server address other than the standard Noomus one</source>
        <translation>Använder en annan serveradress än Noomus vanliga</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server address</source>
        <translation>Serveradress</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave empty to use the standard Noomus address</source>
        <translation>Lämna tomt för att använda Noomus standardadress</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;erver address:</source>
        <translation>&amp;Serveradress:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sign in</source>
        <translation>Logga &amp;in</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without signing in</source>
        <translation>Stänger fönstret utan att logga in</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Please enter your user ID and password.</source>
        <translation>Ange ditt användarnamn och lösenord.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Signing in...</source>
        <translation>Loggar in...</translation>
    </message>
</context>
<context>
    <name>StatusHeader</name>
    <message>
        <location filename="../../noomus_desktop/ui/status_header.py" line="+88"/>
        <source>The Noomus account files are sent with from this computer</source>
        <translation>Noomus-kontot som filerna skickas med från den här datorn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in...</source>
        <translation>Logga in...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to send yet</source>
        <translation>Inget att skicka ännu</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not signed in</source>
        <translation>Inte inloggad</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · %2</source>
        <extracomment>Who is signed in: %1 is the person&apos;s name, %2 their company.</extracomment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Pause all</source>
        <translation>Pausa alla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume all</source>
        <translation>Återuppta alla</translation>
    </message>
</context>
<context>
    <name>TransferModel</name>
    <message>
        <location filename="../../noomus_desktop/ui/transfer_model.py" line="+153"/>
        <source>File</source>
        <extracomment>Fraction done (0.0-1.0) of the row, or -1.0 when there is nothing to show. The row&apos;s ``TransferRow``. Plaintext size (shown); ``total`` is what progress counts (ciphertext when known). Column title: the file&apos;s name (a noun, not the File menu).</extracomment>
        <translation>Fil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Storlek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>Förlopp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed</source>
        <translation>Hastighet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time left or state</source>
        <translation>Tid kvar eller status</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1%</source>
        <extracomment>Percent done; %1 is the number. Write it as your language does (45 %).</extracomment>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sending, %1 left</source>
        <extracomment>A row being sent: its state, then the time left (%1, e.g. &quot;about 2 minutes&quot;).</extracomment>
        <translation>Skickas, %1 kvar</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../noomus_desktop/ui/tray.py" line="+46"/>
        <source>&amp;Open Noomus</source>
        <translation>&amp;Öppna Noomus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pause all</source>
        <translation>&amp;Pausa alla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resume all</source>
        <translation>&amp;Återuppta alla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Noomus: nothing to send</source>
        <translation>Noomus: inget att skicka</translation>
    </message>
</context>
<context>
    <name>UpdateNotice</name>
    <message>
        <location filename="../../noomus_desktop/ui/update_notice.py" line="+60"/>
        <source>A newer Noomus is available</source>
        <translation>En nyare version av Noomus finns tillgänglig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus %1 is available: %2</source>
        <translation>Noomus %1 finns tillgänglig: %2</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../../noomus_desktop/cli.py" line="+266"/>
        <source>delivered: %1</source>
        <extracomment>Every file the scan skipped or refused (named again in the summary). When a retrying transfer tries again (the engine&apos;s ``next_try``), once it runs.</extracomment>
        <translation>levererad: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>failed: %1: %2</source>
        <translation>misslyckades: %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+280"/>
        <source>waiting for the connection: %1 (next try at %2)</source>
        <translation>väntar på anslutningen: %1 (nästa försök kl. %2)</translation>
    </message>
    <message>
        <location line="-277"/>
        <source>retrying: %1: %2 (next try at %3)</source>
        <translation>försöker igen: %1: %2 (nästa försök kl. %3)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>skipped: %1: %2</source>
        <translation>överhoppad: %1: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>stopped: %1</source>
        <translation>stoppad: %1</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Not signed in. Sign in first with: noomus-upload login</source>
        <extracomment>Codes that mean the connection is down (not the server refusing): &quot;waiting&quot; in words.</extracomment>
        <translation>Du är inte inloggad. Logga först in med: noomus-upload login</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You signed in with a one-time password. Choose your own password first with: noomus-upload login</source>
        <translation>Du loggade in med ett engångslösenord. Välj först ett eget lösenord med: noomus-upload login</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+89"/>
        <source>User ID: </source>
        <translation>Användarnamn: </translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Password for %1: </source>
        <translation>Lösenord för %1: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Signed in as %1 (%2, %3).</source>
        <translation>Inloggad som %1 (%2, %3).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The session could not be stored in the system keyring: you will have to sign in again next time.</source>
        <translation>Inloggningen kunde inte sparas i systemets lösenordsförvaring: du måste logga in igen nästa gång.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>You signed in with a one-time password. Choose your own password now (at least 12 characters).</source>
        <translation>Du loggade in med ett engångslösenord. Välj ett eget lösenord nu (minst 12 tecken).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New password: </source>
        <translation>Nytt lösenord: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again: </source>
        <translation>Nytt lösenord igen: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two new passwords are not the same. You are signed out: run noomus-upload login again.</source>
        <translation>De två nya lösenorden är inte likadana. Du har loggats ut: kör noomus-upload login igen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No new password was given, so you are signed out. Run noomus-upload login again and choose your own password.</source>
        <translation>Inget nytt lösenord angavs, så du har loggats ut. Kör noomus-upload login igen och välj ett eget lösenord.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Not signed in.</source>
        <translation>Du är inte inloggad.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Signed out.</source>
        <translation>Utloggad.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Your report was received and your account is locked. This computer has forgotten your sign-in. Noomus coordinators will contact you.</source>
        <translation>Din anmälan har tagits emot och ditt konto är spärrat. Den här datorn har glömt din inloggning. Noomus koordinatorer kontaktar dig.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>--tus-endpoint needs at least one --recipient age1...</source>
        <translation>--tus-endpoint behöver minst en --recipient age1...</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--recipient and --header go with --tus-endpoint</source>
        <translation>--recipient och --header används bara med --tus-endpoint</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No such file or folder: %1</source>
        <translation>Filen eller mappen finns inte: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>interrupted: run the same command again to resume</source>
        <translation>stoppat: kör samma kommando igen för att fortsätta</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>not delivered: %1</source>
        <translation>inte levererad: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n delivered, %1 not delivered</source>
        <translation>
            <numerusform>levererade: %n, inte levererade: %1</numerusform>
            <numerusform>levererade: %n, inte levererade: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+81"/>
        <source>The queue is empty.</source>
        <translation>Kön är tom.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n file(s) could not be sent: %1</source>
        <extracomment>After the queue: %n files that failed, and their names (%1, comma-separated).</extracomment>
        <translation>
            <numerusform>%n fil kunde inte skickas: %1</numerusform>
            <numerusform>%n filer kunde inte skickas: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing delivered from this machine yet.</source>
        <translation>Inget har levererats från den här datorn ännu.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>noomus-upload: error: %1</source>
        <translation>noomus-upload: fel: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>interrupted</source>
        <translation>stoppat</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/ui/formatting.py" line="+20"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n byte</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>more than a day</source>
        <translation>mer än ett dygn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>less than a minute</source>
        <translation>mindre än en minut</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>about %n minute(s)</source>
        <translation>
            <numerusform>cirka %n minut</numerusform>
            <numerusform>cirka %n minuter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>about %n hour(s)</source>
        <translation>
            <numerusform>cirka %n timme</numerusform>
            <numerusform>cirka %n timmar</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../noomus_desktop/messages.py" line="+57"/>
        <source>The user ID or password is not right. Check them and try again.</source>
        <extracomment>``translate(context, text)``: a text in the reader&apos;s language. Codes that need no sentence of their own: they mean the same to the customer as another.</extracomment>
        <translation>Användarnamnet eller lösenordet är fel. Kontrollera dem och försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your account is locked because a lost password was reported. Noomus coordinators will contact you to open it again.</source>
        <translation>Ditt konto är spärrat eftersom ett förlorat lösenord har anmälts. Noomus koordinatorer kontaktar dig för att öppna det igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your account has been disabled. Please contact Noomus if you need to send files.</source>
        <translation>Ditt konto har inaktiverats. Kontakta Noomus om du behöver skicka filer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus has paused the file service for now. Your files wait here and are sent when it is back.</source>
        <translation>Noomus har pausat filtjänsten en stund. Dina filer väntar här och skickas när tjänsten är tillbaka.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Too many attempts in a short time. Wait a minute and try again.</source>
        <translation>För många försök på kort tid. Vänta en minut och försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot reach Noomus. Check your internet connection; files are sent when the connection is back.</source>
        <translation>Det går inte att nå Noomus. Kontrollera internetanslutningen; filerna skickas när anslutningen är tillbaka.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The connection to Noomus stopped moving. Sending goes on from where it stopped; if this keeps happening, check your internet connection.</source>
        <translation>Anslutningen till Noomus stannade av. Skickandet fortsätter där det slutade; kontrollera din internetanslutning om det händer igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The connection to Noomus could not be verified as secure, so nothing was sent. Please contact Noomus.</source>
        <translation>Anslutningen till Noomus kunde inte bekräftas som säker, så ingenting skickades. Kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This server address is not secure (it must start with https://). Check the address under Advanced.</source>
        <translation>Serveradressen är inte säker (den måste börja med https://). Kontrollera adressen under Avancerat.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You were signed out by the server. Please sign in again.</source>
        <translation>Servern loggade ut dig. Logga in igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Noomus&apos;s encryption key has changed since last time. For your safety nothing is sent until Noomus confirms the change. Please contact Noomus.</source>
        <translation>Noomus krypteringsnyckel har ändrats sedan förra gången. Av säkerhetsskäl skickas ingenting förrän Noomus bekräftar ändringen. Kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus&apos;s encryption key is not valid, so nothing was sent. Please contact Noomus.</source>
        <translation>Noomus krypteringsnyckel är inte giltig, så inget skickades. Kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file could not be encrypted, so nothing was sent. Retry, or contact Noomus if it keeps happening.</source>
        <translation>Filen kunde inte krypteras, så inget skickades. Försök igen, eller kontakta Noomus om det händer igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus cannot receive more files right now. Sending resumes later.</source>
        <translation>Noomus kan inte ta emot fler filer just nu. Skickandet fortsätter senare.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You have as many unfinished files at Noomus as your account allows. Sending resumes by itself when earlier ones finish.</source>
        <translation>Du har så många ofullständiga filer hos Noomus som ditt konto tillåter. Sändningen fortsätter av sig själv när tidigare filer är klara.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This user ID belongs to Noomus staff, and staff accounts cannot send files. Sign in with the user ID Noomus gave you as a customer.</source>
        <translation>Det här användarnamnet tillhör Noomus personal, och personalkonton kan inte skicka filer. Logga in med det användarnamn som Noomus gav dig som kund.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus already received this file with different details, so it was not delivered again. Send the file again; if it happens again, contact Noomus.</source>
        <translation>Noomus har redan tagit emot filen med andra uppgifter, så den levererades inte igen. Skicka filen igen; om det händer igen, kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus did not expect the file&apos;s details yet, so the file was not delivered. Retry; if it happens again, contact Noomus.</source>
        <translation>Noomus väntade ännu inte på filens uppgifter, så filen levererades inte. Försök igen; om det händer igen, kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file&apos;s name and folder path are too long for Noomus, so it was not delivered. Shorten them and send the file again.</source>
        <translation>Filens namn och mappsökväg är för långa för Noomus, så den levererades inte. Korta dem och skicka filen igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus refused the file because it was not encrypted so that Noomus can open it, and stored nothing. Retry; if it happens again, contact Noomus.</source>
        <translation>Noomus avvisade filen eftersom den inte var krypterad så att Noomus kan öppna den, och sparade ingenting. Försök igen; om det händer igen, kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server address in the settings is not the one this Noomus server answers to. Check the server address, or contact Noomus.</source>
        <translation>Serveradressen i inställningarna är inte den som den här Noomus-servern svarar på. Kontrollera serveradressen eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This file is larger than Noomus can receive.</source>
        <translation>Filen är större än Noomus kan ta emot.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server removed the unfinished upload. Retry to send it again.</source>
        <translation>Servern tog bort den ofullständiga överföringen. Välj Försök igen för att skicka filen på nytt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file had already reached Noomus in full, so it was not cancelled.</source>
        <translation>Filen hade redan kommit fram till Noomus i sin helhet, så den avbröts inte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Part of the file arrived damaged and is sent again. Nothing is needed from you.</source>
        <translation>En del av filen kom fram skadad och skickas på nytt. Du behöver inte göra något.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer and Noomus disagreed on how much of the file had arrived. Sending goes on from where Noomus says; nothing is needed from you.</source>
        <translation>Den här datorn och Noomus var oense om hur mycket av filen som hade kommit fram. Skickandet fortsätter där Noomus anger; du behöver inte göra något.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus refused the file because it did not arrive encrypted, and stored nothing readable. Retry, or contact Noomus.</source>
        <translation>Noomus avvisade filen eftersom den inte kom fram krypterad, och sparade inget läsbart. Försök igen, eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file changed while it was being sent. Retry to send its current version.</source>
        <translation>Filen ändrades medan den skickades. Välj Försök igen för att skicka den aktuella versionen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file is no longer there. It may have been moved or deleted.</source>
        <translation>Filen finns inte längre. Den kan ha flyttats eller raderats.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file cannot be read. Check that you are allowed to open it.</source>
        <translation>Filen kan inte läsas. Kontrollera att du har behörighet att öppna den.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is not a regular file (a device, pipe or socket), so it cannot be sent.</source>
        <translation>Det här är ingen vanlig fil (en enhet, ett rör eller en socket), så den kan inte skickas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This link points back into its own folder, so it was left out.</source>
        <translation>Den här länken pekar tillbaka in i sin egen mapp, så den lämnades bort.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This name is not valid text (it was made with another character set). Rename it and add it again.</source>
        <translation>Det här namnet är ingen giltig text (det skapades med en annan teckenuppsättning). Byt namn och lägg till den igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This file was already delivered and has not changed since.</source>
        <translation>Den här filen har redan levererats och har inte ändrats sedan dess.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Noomus received something different from what was sent. Retry to send it again.</source>
        <translation>Noomus tog emot något annat än det som skickades. Välj Försök igen för att skicka filen på nytt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus had a problem receiving the file. It is tried again soon.</source>
        <translation>Noomus hade problem med att ta emot filen. Ett nytt försök görs snart.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection to Noomus was interrupted. It is tried again soon.</source>
        <translation>Anslutningen till Noomus bröts. Ett nytt försök görs snart.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sending was stopped before the file was complete (paused, cancelled, or the app was closing). Resume or retry to send it.</source>
        <translation>Skickandet stoppades innan filen var klar (pausad, avbruten eller appen stängdes). Återuppta eller försök igen för att skicka den.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the file. Trying again does not help; please contact Noomus.</source>
        <translation>Servern avvisade filen. Det hjälper inte att försöka igen; kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus no longer has what was asked for; it may have been removed. Retry, or contact Noomus.</source>
        <translation>Noomus har inte längre det som efterfrågades; det kan ha tagits bort. Försök igen, eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server address is not valid. Check it under Advanced.</source>
        <translation>Serveradressen är ogiltig. Kontrollera den under Avancerat.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server at this address cannot receive files from this app. Check the server address under Advanced, or contact Noomus.</source>
        <translation>Servern på den här adressen kan inte ta emot filer från den här appen. Kontrollera serveradressen under Avancerat, eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server tried to send the file on to another server, so nothing was sent there. Please contact Noomus.</source>
        <translation>Servern försökte skicka filen vidare till en annan server, så inget skickades dit. Kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus did not accept this app&apos;s request. Check whether a newer version of Noomus Desktop is available, or contact Noomus.</source>
        <translation>Noomus godtog inte appens begäran. Kontrollera om en nyare version av Noomus Desktop finns, eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus answered in an unexpected way. Try again later, or contact Noomus.</source>
        <translation>Noomus svarade på ett oväntat sätt. Försök igen senare eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Noomus could not do what was asked. Try again later, or contact Noomus if it keeps happening.</source>
        <translation>Noomus kunde inte göra det som begärdes. Försök igen senare, eller kontakta Noomus om det händer igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending the file failed. Retry, or contact Noomus if it keeps happening.</source>
        <translation>Det gick inte att skicka filen. Försök igen, eller kontakta Noomus om det händer igen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The diagnostics file could not be saved there. Choose another folder.</source>
        <translation>Diagnostikfilen kunde inte sparas där. Välj en annan mapp.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something unexpected went wrong. Try again, or contact Noomus.</source>
        <translation>Ett oväntat fel inträffade. Försök igen eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please sign in to Noomus first.</source>
        <translation>Logga först in på Noomus.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new password must be at least 12 characters long.</source>
        <translation>Det nya lösenordet måste vara minst 12 tecken långt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The app&apos;s record of Noomus&apos;s encryption key cannot be read. Please contact Noomus.</source>
        <translation>Appens uppgifter om Noomus krypteringsnyckel kan inte läsas. Kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Something went wrong (%1). Try again, or contact Noomus.</source>
        <translation>Något gick fel (%1). Försök igen eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>no connection</source>
        <extracomment>Codes whose sentence says sending goes on by itself (&quot;files are sent when the connection is back&quot;, &quot;it is tried again soon&quot;...): true on a retrying row, false on a failed one. Short reason in a transfer&apos;s row (the full sentence is in its tooltip).</extracomment>
        <translation>ingen anslutning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sign-in needed</source>
        <translation>inloggning behövs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus unavailable</source>
        <translation>Noomus otillgängligt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file changed</source>
        <translation>filen ändrades</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file missing</source>
        <translation>filen saknas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot be read</source>
        <translation>kan inte läsas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too large</source>
        <translation>för stor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>see details</source>
        <extracomment>Short reason in a transfer&apos;s row when no shorter word fits: the tooltip says more.</extracomment>
        <translation>se detaljer</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Retrying: %1</source>
        <extracomment>A transfer&apos;s state in its row; %1 is a short reason such as &quot;no connection&quot;.</extracomment>
        <translation>Försöker igen: %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the connection was interrupted</source>
        <translation>anslutningen bröts</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus did not accept the last try. Nothing is needed from you.</source>
        <translation>Noomus godtog inte det senaste försöket. Du behöver inte göra något.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Noomus could not be reached, or could not take the file, for too long. Check your internet connection, then retry.</source>
        <translation>Noomus gick inte att nå, eller kunde inte ta emot filen, på för länge. Kontrollera internetanslutningen och försök sedan igen.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Not signed in</source>
        <translation>Inte inloggad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed in as %1</source>
        <translation>Inloggad som %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed in as %1 (%2)</source>
        <extracomment>Who is signed in: %1 is the person&apos;s name, %2 their company.</extracomment>
        <translation>Inloggad som %1 (%2)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Waiting for sign-in</source>
        <extracomment>A transfer&apos;s state: it goes on once the customer signs in.</extracomment>
        <translation>Väntar på inloggning</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Retrying (%1)</source>
        <translation>Försöker igen (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry, or contact Noomus.</source>
        <translation>Försök igen eller kontakta Noomus.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Preparing</source>
        <translation>Förbereds</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+36"/>
        <source>Failed: %1</source>
        <extracomment>A transfer&apos;s state in its row; %1 is a short reason such as &quot;file changed&quot;.</extracomment>
        <translation>Misslyckades: %1</translation>
    </message>
    <message>
        <location line="-231"/>
        <source>You signed in with a one-time password. Choose your own password before any file is sent: sign in again, and Noomus asks you for it.</source>
        <translation>Du loggade in med ett engångslösenord. Välj ett eget lösenord innan några filer skickas: logga in igen, så frågar Noomus efter det.</translation>
    </message>
    <message>
        <location line="+234"/>
        <source>Waiting</source>
        <extracomment>A transfer&apos;s state: in the queue, waiting for its turn to be sent.</extracomment>
        <translation>Väntar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Encrypting and sending</source>
        <translation>Krypteras och skickas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paused</source>
        <extracomment>A transfer&apos;s state: paused by the user (not cancelled; it can be resumed).</extracomment>
        <translation>Pausad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking delivery</source>
        <translation>Leveransen kontrolleras</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivered and verified</source>
        <extracomment>A transfer&apos;s state: Noomus received the file and confirmed it arrived intact.</extracomment>
        <translation>Levererad och bekräftad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Avbruten</translation>
    </message>
</context>
</TS>
