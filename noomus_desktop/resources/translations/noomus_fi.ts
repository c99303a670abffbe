<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../../ui/main_window.py" line="+351"/>
        <source>Nothing to send yet.</source>
        <translation>Ei vielä lähetettävää.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %n file(s) sent</source>
        <translation>%1/%n tiedostoa lähetetty</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1, %2 left</source>
        <translation>%1, %2 jäljellä</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, sending...</source>
        <translation>%1, lähetetään...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%n file(s) could not be sent.</source>
        <translation>%n tiedostoa jäi lähettämättä.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n file(s) paused.</source>
        <translation>%n tiedostoa keskeytetty.</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../ui/drop_zone.py" line="+48"/>
        <source>Drop files or folders here to send them securely to Noomus</source>
        <translation>Pudota tiedostoja tai kansioita tähän, niin ne lähetetään turvallisesti Noomukselle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop zone</source>
        <translation>Pudotusalue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop files or folders here, or press Enter or Space to choose files to send.</source>
        <translation>Pudota tiedostoja tai kansioita tähän, tai valitse lähetettävät tiedostot painamalla Enter tai välilyönti.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Enter or Space to choose files</source>
        <translation>Valitse tiedostot painamalla Enter tai välilyönti</translation>
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
        <translation>Tiedostosi salataan tällä tietokoneella ennen lähettämistä. Vain Noomus voi avata ne.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Encrypted</source>
        <translation>Salattu</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Message</source>
        <translation>Viesti</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+103"/>
        <source>Choose &amp;files...</source>
        <translation>&amp;Valitse tiedostot...</translation>
    </message>
    <message>
        <location line="-102"/>
        <source>Pick files to send to Noomus</source>
        <translation>Valitse tiedostot, jotka lähetetään Noomukselle</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+103"/>
        <source>Choose f&amp;older...</source>
        <translation>Valitse &amp;kansio...</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Pick a folder to send to Noomus, with everything in it</source>
        <translation>Valitse kansio, joka lähetetään Noomukselle kaikkine tiedostoineen</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Files being sent</source>
        <translation>Lähetettävät tiedostot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One row per file. Open the context menu for pause, resume, cancel or retry.</source>
        <translation>Yksi rivi tiedostoa kohden. Pikavalikosta voit keskeyttää, jatkaa, perua tai yrittää uudelleen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>File</source>
        <translation>Tiedosto</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>Koko</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delivered</source>
        <translation>Toimitettu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delivery history</source>
        <translation>Toimitushistoria</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files delivered to Noomus from this computer (kept on this computer only)</source>
        <translation>Tältä tietokoneelta Noomukselle toimitetut tiedostot (tiedot säilyvät vain tällä tietokoneella)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Sending</source>
        <translation>&amp;Lähetys</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation>&amp;Historia</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Overall progress</source>
        <translation>Kokonaisedistyminen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to send yet.</source>
        <translation>Ei vielä lähetettävää.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Tila</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>&amp;Pause</source>
        <translation>&amp;Keskeytä</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resume</source>
        <translation>&amp;Jatka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Peruuta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;try</source>
        <translation>&amp;Yritä uudelleen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Show the file</source>
        <translation>&amp;Näytä tiedosto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause &amp;all</source>
        <translation>Keskeytä k&amp;aikki</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume a&amp;ll</source>
        <translation>Jatka ka&amp;ikkia</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Quit</source>
        <translation>&amp;Lopeta</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+47"/>
        <source>Not signed in</source>
        <translation>Et ole kirjautunut sisään</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Sign &amp;out</source>
        <translation>Kirjaudu &amp;ulos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report &amp;lost password...</source>
        <translation>Ilmoita &amp;kadonneesta salasanasta...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show &amp;notifications</source>
        <translation>Näytä &amp;ilmoitukset</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Transfer actions</source>
        <translation>Siirtotoiminnot</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File</source>
        <translation>&amp;Tiedosto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Transfers</source>
        <translation>&amp;Siirrot</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Account</source>
        <translation>T&amp;ili</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>&amp;Asetukset</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Signed in as %1</source>
        <translation>Kirjautunut: %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Choose files to send</source>
        <translation>Valitse lähetettävät tiedostot</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a folder to send</source>
        <translation>Valitse lähetettävä kansio</translation>
    </message>
</context>
<context>
    <name>ReportLostDialog</name>
    <message>
        <location filename="../../ui/report_lost_dialog.py" line="+48"/>
        <source>Report a lost password</source>
        <translation>Ilmoita kadonneesta salasanasta</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>If you lost your password, or think someone else may know it, report it here.

When you report it:
• your account is locked at once, so nobody can use it;
• this computer forgets your sign-in and stops sending;
• Noomus coordinators contact you to give you a new password.</source>
        <translation>Jos olet kadottanut salasanasi tai epäilet, että joku muu saattaa tietää sen, ilmoita siitä tässä.

Kun ilmoitat:
• tilisi lukitaan heti, joten kukaan ei voi käyttää sitä;
• tämä tietokone unohtaa kirjautumisesi ja lopettaa lähettämisen;
• Noomuksen koordinaattorit ottavat sinuun yhteyttä ja antavat uuden salasanan.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>User ID</source>
        <translation>Käyttäjätunnus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user ID whose password was lost</source>
        <translation>Käyttäjätunnus, jonka salasana on kadonnut</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note for Noomus (optional)</source>
        <translation>Lisätietoja Noomukselle (valinnainen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For example, how to reach you. Do not write passwords here.</source>
        <translation>Esimerkiksi miten sinut tavoittaa. Älä kirjoita tähän salasanoja.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;User ID:</source>
        <translation>Käyttäjä&amp;tunnus:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Note (optional):</source>
        <translation>&amp;Lisätietoja (valinnainen):</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Report and lock my account</source>
        <translation>&amp;Ilmoita ja lukitse tilini</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the report to Noomus; your account is locked at once</source>
        <translation>Lähettää ilmoituksen Noomukselle; tilisi lukitaan heti</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>What happens next</source>
        <translation>Mitä seuraavaksi tapahtuu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close this window</source>
        <translation>Sulkee tämän ikkunan</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Please enter your user ID.</source>
        <translation>Anna käyttäjätunnuksesi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending the report...</source>
        <translation>Lähetetään ilmoitusta...</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your report was received and your account is locked. This computer has forgotten your sign-in and stopped sending. Noomus coordinators will contact you. You can also reach them now:</source>
        <translation>Ilmoituksesi on vastaanotettu ja tilisi on lukittu. Tämä tietokone on unohtanut kirjautumisesi ja lopettanut lähettämisen. Noomuksen koordinaattorit ottavat sinuun yhteyttä. Voit myös tavoittaa heidät heti:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The report could not be sent because Noomus cannot be reached right now. Please call or e-mail Noomus right away so they can lock your account:</source>
        <translation>Ilmoitusta ei voitu lähettää, koska Noomukseen ei juuri nyt saada yhteyttä. Soita tai lähetä sähköpostia Noomukselle heti, jotta tilisi voidaan lukita:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Phone: %1</source>
        <translation>Puhelin: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E-mail: %1</source>
        <translation>Sähköposti: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Address: %1</source>
        <translation>Osoite: %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="+39"/>
        <location line="+74"/>
        <source>Sign in to Noomus</source>
        <translation>Kirjaudu Noomukseen</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Sign in with the user ID and password Noomus gave you.</source>
        <translation>Kirjaudu sisään käyttäjätunnuksella ja salasanalla, jotka sait Noomukselta.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User ID</source>
        <translation>Käyttäjätunnus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your Noomus extranet user ID</source>
        <translation>Noomus-extranetin käyttäjätunnuksesi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Password</source>
        <translation>Salasana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your Noomus extranet password</source>
        <translation>Noomus-extranetin salasanasi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remember me on this computer</source>
        <translation>&amp;Muista minut tällä tietokoneella</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep you signed in, using the system&apos;s password storage</source>
        <translation>Pysyt kirjautuneena; kirjautuminen tallennetaan järjestelmän salasanasäilöön</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;User ID:</source>
        <translation>Käyttäjä&amp;tunnus:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Password:</source>
        <translation>&amp;Salasana:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sign-in problem</source>
        <translation>Kirjautumisongelma</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New customer? &lt;a href=&quot;%1&quot;&gt;Request a user ID&lt;/a&gt;</source>
        <translation>Uusi asiakas? &lt;a href=&quot;%1&quot;&gt;Pyydä käyttäjätunnus&lt;/a&gt;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Request a user ID</source>
        <translation>Pyydä käyttäjätunnus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>I &amp;lost my password...</source>
        <translation>&amp;Ilmoita kadonneesta salasanasta...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report a lost password: your account is locked and Noomus contacts you</source>
        <translation>Ilmoita kadonneesta salasanasta: tilisi lukitaan ja Noomus ottaa sinuun yhteyttä</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Advanced</source>
        <translation>&amp;Lisäasetukset</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server address</source>
        <translation>Palvelimen osoite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave empty to use the standard Noomus address</source>
        <translation>Jätä tyhjäksi, niin käytetään Noomuksen vakio-osoitetta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Server address:</source>
        <translation>&amp;Palvelimen osoite:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Sign in</source>
        <translation>&amp;Kirjaudu sisään</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without signing in</source>
        <translation>Sulkee ikkunan kirjautumatta</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Please enter your user ID and password.</source>
        <translation>Anna käyttäjätunnuksesi ja salasanasi.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Signing in...</source>
        <translation>Kirjaudutaan sisään...</translation>
    </message>
</context>
<context>
    <name>TransferModel</name>
    <message>
        <location filename="../../ui/transfer_model.py" line="+123"/>
        <source>File</source>
        <extracomment>Fraction done (0.0-1.0) of the row, or -1.0 when there is nothing to show. The row&apos;s ``TransferRow``. Plaintext size (shown); ``total`` is what progress counts (ciphertext when known).</extracomment>
        <translation>Tiedosto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Koko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>Edistyminen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed</source>
        <translation>Nopeus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time left or state</source>
        <translation>Aikaa jäljellä tai tila</translation>
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
        <translation>&amp;Avaa Noomus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pause all</source>
        <translation>&amp;Keskeytä kaikki</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resume all</source>
        <translation>&amp;Jatka kaikkia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Lopeta</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Noomus: nothing to send</source>
        <translation>Noomus: ei lähetettävää</translation>
    </message>
</context>
</TS>
