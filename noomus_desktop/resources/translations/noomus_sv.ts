<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../../ui/main_window.py" line="+351"/>
        <source>Nothing to send yet.</source>
        <translation>Inget att skicka ännu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %n file(s) sent</source>
        <translation>%1 av %n filer skickade</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1, %2 left</source>
        <translation>%1, %2 kvar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, sending...</source>
        <translation>%1, skickar...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%n file(s) could not be sent.</source>
        <translation>%n filer kunde inte skickas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n file(s) paused.</source>
        <translation>%n filer pausade.</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../ui/drop_zone.py" line="+48"/>
        <source>Drop files or folders here to send them securely to Noomus</source>
        <translation>Släpp filer eller mappar här för att skicka dem säkert till Noomus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop zone</source>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="-288"/>
        <source>Noomus</source>
        <extracomment>Row actions and the states in which each makes sense. Called on close: True lets the window close (the controller may hide/quit instead).</extracomment>
        <translation>Noomus</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your files are encrypted on this computer before they leave. Only Noomus can open them.</source>
        <translation>Dina filer krypteras på den här datorn innan de skickas. Bara Noomus kan öppna dem.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Encrypted</source>
        <translation>Krypterad</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+103"/>
        <source>Choose &amp;files...</source>
        <translation>&amp;Välj filer...</translation>
    </message>
    <message>
        <location line="-102"/>
        <source>Pick files to send to Noomus</source>
        <translation>Välj filer att skicka till Noomus</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+103"/>
        <source>Choose f&amp;older...</source>
        <translation>Välj &amp;mapp...</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Pick a folder to send to Noomus, with everything in it</source>
        <translation>Välj en mapp att skicka till Noomus med allt innehåll</translation>
    </message>
    <message>
        <location line="+23"/>
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
        <translation>Fil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>Storlek</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delivered</source>
        <translation>Levererat</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delivery history</source>
        <translation>Leveranshistorik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files delivered to Noomus from this computer (kept on this computer only)</source>
        <translation>Filer som levererats till Noomus från den här datorn (sparas bara på den här datorn)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Sending</source>
        <translation>&amp;Skickas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation>&amp;Historik</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Overall progress</source>
        <translation>Totalt förlopp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to send yet.</source>
        <translation>Inget att skicka ännu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+35"/>
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
        <location line="+4"/>
        <source>&amp;Show the file</source>
        <translation>&amp;Visa filen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause &amp;all</source>
        <translation>Pa&amp;usa alla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume a&amp;ll</source>
        <translation>Återuppta a&amp;lla</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Quit</source>
        <translation>&amp;Avsluta</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+47"/>
        <source>Not signed in</source>
        <translation>Inte inloggad</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Sign &amp;out</source>
        <translation>Logga &amp;ut</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report &amp;lost password...</source>
        <translation>Anmäl &amp;förlorat lösenord...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show &amp;notifications</source>
        <translation>Visa &amp;aviseringar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Transfer actions</source>
        <translation>Överföringsåtgärder</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Transfers</source>
        <translation>&amp;Överföringar</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>&amp;Inställningar</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Signed in as %1</source>
        <translation>Inloggad som %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Choose files to send</source>
        <translation>Välj filer att skicka</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a folder to send</source>
        <translation>Välj en mapp att skicka</translation>
    </message>
</context>
<context>
    <name>ReportLostDialog</name>
    <message>
        <location filename="../../ui/report_lost_dialog.py" line="+48"/>
        <source>Report a lost password</source>
        <translation>Anmäl förlorat lösenord</translation>
    </message>
    <message>
        <location line="+5"/>
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
        <location line="+9"/>
        <source>User ID</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user ID whose password was lost</source>
        <translation>Användarnamnet vars lösenord har förlorats</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note for Noomus (optional)</source>
        <translation>Meddelande till Noomus (frivilligt)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For example, how to reach you. Do not write passwords here.</source>
        <translation>Till exempel hur Noomus når dig. Skriv inga lösenord här.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;User ID:</source>
        <translation>&amp;Användarnamn:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Note (optional):</source>
        <translation>&amp;Meddelande (frivilligt):</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Report and lock my account</source>
        <translation>Anmäl och &amp;spärra mitt konto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the report to Noomus; your account is locked at once</source>
        <translation>Skickar anmälan till Noomus; ditt konto spärras genast</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>What happens next</source>
        <translation>Vad händer härnäst</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close this window</source>
        <translation>Stänger det här fönstret</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Please enter your user ID.</source>
        <translation>Ange ditt användarnamn.</translation>
    </message>
    <message>
        <location line="+5"/>
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
        <location line="+13"/>
        <source>Phone: %1</source>
        <translation>Telefon: %1</translation>
    </message>
    <message>
        <location line="+3"/>
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
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="+39"/>
        <location line="+74"/>
        <source>Sign in to Noomus</source>
        <translation>Logga in på Noomus</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Sign in with the user ID and password Noomus gave you.</source>
        <translation>Logga in med det användarnamn och lösenord som du har fått av Noomus.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User ID</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your Noomus extranet user ID</source>
        <translation>Ditt användarnamn för Noomus extranät</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location line="+3"/>
        <source>Keep you signed in, using the system&apos;s password storage</source>
        <translation>Du förblir inloggad; inloggningen sparas i systemets lösenordsförvaring</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;User ID:</source>
        <translation>&amp;Användarnamn:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Password:</source>
        <translation>&amp;Lösenord:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sign-in problem</source>
        <translation>Problem med inloggningen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New customer? &lt;a href=&quot;%1&quot;&gt;Request a user ID&lt;/a&gt;</source>
        <translation>Ny kund? &lt;a href=&quot;%1&quot;&gt;Begär ett användarnamn&lt;/a&gt;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Request a user ID</source>
        <translation>Begär ett användarnamn</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>I &amp;lost my password...</source>
        <translation>Jag har &amp;tappat bort mitt lösenord...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report a lost password: your account is locked and Noomus contacts you</source>
        <translation>Anmäl ett förlorat lösenord: ditt konto spärras och Noomus kontaktar dig</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Advanced</source>
        <translation>A&amp;vancerat</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server address</source>
        <translation>Serveradress</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave empty to use the standard Noomus address</source>
        <translation>Lämna tomt för att använda Noomus standardadress</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Server address:</source>
        <translation>&amp;Serveradress:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Sign in</source>
        <translation>Logga &amp;in</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without signing in</source>
        <translation>Stänger fönstret utan att logga in</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Please enter your user ID and password.</source>
        <translation>Ange ditt användarnamn och lösenord.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Signing in...</source>
        <translation>Loggar in...</translation>
    </message>
</context>
<context>
    <name>TransferModel</name>
    <message>
        <location filename="../../ui/transfer_model.py" line="+123"/>
        <source>File</source>
        <extracomment>Fraction done (0.0-1.0) of the row, or -1.0 when there is nothing to show. The row&apos;s ``TransferRow``. Plaintext size (shown); ``total`` is what progress counts (ciphertext when known).</extracomment>
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
        <location line="+27"/>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="+25"/>
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
        <location line="+11"/>
        <source>Noomus: nothing to send</source>
        <translation>Noomus: inget att skicka</translation>
    </message>
</context>
</TS>
