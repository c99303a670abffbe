<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi" sourcelanguage="en">
<context>
    <name>AppController</name>
    <message>
        <location filename="../../noomus_desktop/ui/controller.py" line="+176"/>
        <source>Signing in...</source>
        <extracomment>The engine is running for a signed-in account (tests and the smoke run wait for it). The app is about to quit (after confirmation if files were sending). Engines told to stop (sign-out) whose threads may still be winding down. Where the running engine sends (``Destination.noomus`` of the signed-in account). The one-time password&apos;s replacement being asked for (see ``_ask_own_password``).</extracomment>
        <translation>Kirjaudutaan sisään...</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Signed out</source>
        <translation>Sinut kirjattiin ulos</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Your account is locked after your lost-password report. Sending has stopped.</source>
        <translation>Tilisi on lukittu, koska ilmoitit salasanan kadonneen. Lähettäminen on pysäytetty.</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n item(s) will be sent once you are signed in.</source>
        <translation>
            <numerusform>%n kohde lähetetään, kun olet kirjautunut sisään.</numerusform>
            <numerusform>%n kohdetta lähetetään, kun olet kirjautunut sisään.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Noomus: needs your attention</source>
        <translation>Noomus: vaatii huomiotasi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Noomus: nothing to send</source>
        <translation>Noomus: ei lähetettävää</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delivered</source>
        <translation>Toimitettu</translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <source>%n file(s) delivered to Noomus</source>
        <translation>
            <numerusform>%n tiedosto toimitettu Noomukselle</numerusform>
            <numerusform>%n tiedostoa toimitettu Noomukselle</numerusform>
        </translation>
    </message>
    <message>
        <location line="-162"/>
        <source>Your new password is set.</source>
        <translation>Uusi salasanasi on otettu käyttöön.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your password is changed. Your other computers and devices are signed out.</source>
        <translation>Salasanasi on vaihdettu. Muut tietokoneesi ja laitteesi on kirjattu ulos.</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Already being sent</source>
        <translation>Lähetys on jo käynnissä</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+30"/>
        <source>Not sent</source>
        <translation>Ei lähetetty</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Sending stopped</source>
        <translation>Lähettäminen pysähtyi</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sending again</source>
        <translation>Lähetys jatkuu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus is available again. Your files are being sent.</source>
        <translation>Noomus on taas käytettävissä. Tiedostojasi lähetetään.</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Still sending</source>
        <translation>Lähettäminen jatkuu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus keeps sending your files. Quit from the tray icon&apos;s menu.</source>
        <translation>Noomus jatkaa tiedostojesi lähettämistä. Voit lopettaa ilmoitusalueen kuvakkeen valikosta.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Quit Noomus?</source>
        <translation>Lopetetaanko Noomus?</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n file(s) are still being sent.</source>
        <translation>
            <numerusform>%n tiedosto on vielä matkalla.</numerusform>
            <numerusform>%n tiedostoa on vielä matkalla.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>If you quit now, sending continues the next time you open Noomus.</source>
        <translation>Jos lopetat nyt, lähettäminen jatkuu, kun avaat Noomuksen seuraavan kerran.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>&amp;Lopeta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keep sending</source>
        <translation>&amp;Jatka lähettämistä</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/change_password_dialog.py" line="+56"/>
        <source>Change password</source>
        <translation>Vaihda salasana</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your other computers and devices are signed out when you change your password; this computer stays signed in.</source>
        <translation>Kun vaihdat salasanan, muut tietokoneesi ja laitteesi kirjataan ulos. Tämä tietokone pysyy kirjautuneena.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Current password</source>
        <translation>Nykyinen salasana</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New password</source>
        <translation>Uusi salasana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least 12 characters</source>
        <translation>Vähintään 12 merkkiä</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again</source>
        <translation>Uusi salasana toistamiseen</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>&amp;Current password:</source>
        <translation>&amp;Nykyinen salasana:</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Choose your own password</source>
        <translation>Valitse oma salasana</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You signed in with a one-time password from Noomus. Choose your own password now: type the one-time password, then your new password twice. No files are sent until you do. If you cancel, you are signed out and your files wait.</source>
        <translation>Kirjauduit Noomukselta saamallasi kertakäyttöisellä salasanalla. Valitse nyt oma salasana: kirjoita kertakäyttöinen salasana ja sitten uusi salasanasi kahdesti. Tiedostoja ei lähetetä ennen sitä. Jos perut, sinut kirjataan ulos ja tiedostosi odottavat.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One-time password</source>
        <translation>Kertakäyttöinen salasana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;One-time password:</source>
        <translation>K&amp;ertakäyttöinen salasana:</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;New password:</source>
        <translation>&amp;Uusi salasana:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password &amp;again:</source>
        <translation>Uusi salasana &amp;toistamiseen:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>C&amp;hange password</source>
        <translation>&amp;Vaihda salasana</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Sign out</source>
        <translation>&amp;Kirjaudu ulos</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Please fill in all three password boxes.</source>
        <translation>Täytä kaikki kolme salasanakenttää.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two new passwords are not the same. Please type them again.</source>
        <translation>Uudet salasanat eivät ole samat. Kirjoita ne uudelleen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Changing the password...</source>
        <translation>Salasanaa vaihdetaan...</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The current password is not right. Please type it again.</source>
        <translation>Nykyinen salasana ei ole oikein. Kirjoita se uudelleen.</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/devices_dialog.py" line="+72"/>
        <location line="+7"/>
        <source>Signed-in devices</source>
        <translation>Kirjautuneet laitteet</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>These computers and devices are signed in to your Noomus account. If you do not recognise one, sign it out and change your password.</source>
        <translation>Nämä tietokoneet ja laitteet ovat kirjautuneina Noomus-tilillesi. Jos et tunnista jotakin niistä, kirjaa se ulos ja vaihda salasanasi.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Device</source>
        <translation>Laite</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last used</source>
        <translation>Viimeksi käytetty</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Address</source>
        <translation>Osoite</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Asking Noomus for the list...</source>
        <translation>Luetteloa haetaan Noomukselta...</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unnamed device</source>
        <translation>Nimetön laite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (this computer)</source>
        <translation>%1 (tämä tietokone)</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>The list is up to date.</source>
        <translation>Luettelo on ajan tasalla.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sign out</source>
        <translation>Kirjaa ulos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out %1</source>
        <translation>Kirjaa ulos %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Signing the device out...</source>
        <translation>Laitetta kirjataan ulos...</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../noomus_desktop/ui/drop_zone.py" line="+98"/>
        <source>Drop files or folders here to send them securely to Noomus</source>
        <translation>Pudota tiedostoja tai kansioita tähän, niin ne lähetetään turvallisesti Noomukselle</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Drop zone</source>
        <extracomment>True while files are dragged over the card.</extracomment>
        <translation>Pudotusalue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop files or folders here, or press Enter or Space to choose files to send.</source>
        <translation>Pudota tiedostoja tai kansioita tähän tai valitse lähetettävät tiedostot painamalla Enteriä tai välilyöntiä.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Enter or Space to choose files</source>
        <translation>Valitse tiedostot painamalla Enteriä tai välilyöntiä</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Release to send</source>
        <translation>Pudota, niin tiedostot lähetetään</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The files are encrypted before they leave</source>
        <translation>Tiedostot salataan ennen kuin ne lähtevät</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>or press Enter to choose files</source>
        <translation>tai valitse tiedostot painamalla Enteriä</translation>
    </message>
</context>
<context>
    <name>Headline</name>
    <message>
        <location filename="../../noomus_desktop/ui/headline.py" line="+41"/>
        <source>Account locked — contact Noomus</source>
        <translation>Tili lukittu — ota yhteyttä Noomukseen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account disabled — contact Noomus</source>
        <translation>Tili poistettu käytöstä — ota yhteyttä Noomukseen</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Not signed in — %n file(s) waiting to be sent</source>
        <translation>
            <numerusform>Et ole kirjautunut sisään — %n tiedosto odottaa lähettämistä</numerusform>
            <numerusform>Et ole kirjautunut sisään — %n tiedostoa odottaa lähettämistä</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not signed in</source>
        <translation>Et ole kirjautunut sisään</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n file(s) could not be sent</source>
        <translation>
            <numerusform>%n tiedosto jäi lähettämättä</numerusform>
            <numerusform>%n tiedostoa jäi lähettämättä</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting for the connection — files go out when it is back</source>
        <translation>Odotetaan yhteyttä — tiedostot lähtevät, kun yhteys palaa</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Sending %n file(s) — %1 left</source>
        <extracomment>%n files are being sent; %1 is the time left, e.g. &quot;about 2 minutes&quot;.</extracomment>
        <translation>
            <numerusform>Lähetetään %n tiedosto — %1 jäljellä</numerusform>
            <numerusform>Lähetetään %n tiedostoa — %1 jäljellä</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Sending %n file(s)</source>
        <translation>
            <numerusform>Lähetetään %n tiedosto</numerusform>
            <numerusform>Lähetetään %n tiedostoa</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paused</source>
        <translation>Tauolla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All delivered ✓</source>
        <translation>Kaikki toimitettu ✓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to send yet</source>
        <translation>Ei vielä lähetettävää</translation>
    </message>
</context>
<context>
    <name>HistoryReferences</name>
    <message>
        <location filename="../../noomus_desktop/ui/history_reference.py" line="+50"/>
        <source>Quote this reference to Noomus to find this delivery.</source>
        <extracomment>The reference&apos;s column, after the window&apos;s file, size and date.</extracomment>
        <translation>Kerro tämä viite Noomukselle, niin toimitus löytyy.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reference</source>
        <extracomment>Column title in History: the number Noomus gave the delivery (&quot;#42&quot;).</extracomment>
        <translation>Viite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy delivery reference</source>
        <translation>&amp;Kopioi toimituksen viite</translation>
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
        <translation>Tiedostosi salataan tällä tietokoneella ennen lähettämistä. Vain Noomus voi avata ne.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Encrypted</source>
        <extracomment>Spoken name of the lock picture beside the &quot;encrypted on this computer&quot; sentence.</extracomment>
        <translation>Salattu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick files to send to Noomus</source>
        <translation>Valitse tiedostot, jotka lähetetään Noomukselle</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+157"/>
        <source>Choose f&amp;older...</source>
        <translation>Valitse &amp;kansio...</translation>
    </message>
    <message>
        <location line="-155"/>
        <source>Pick a folder to send to Noomus, with everything in it</source>
        <translation>Valitse kansio, joka lähetetään Noomukselle kaikkine tiedostoineen</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <extracomment>Column title: the file&apos;s name (a noun, not the File menu).</extracomment>
        <translation>Tiedosto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <extracomment>Column title: the file&apos;s size.</extracomment>
        <translation>Koko</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivered</source>
        <extracomment>Column title: the date and time the file was delivered.</extracomment>
        <translation>Toimitettu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delivery history</source>
        <translation>Toimitushistoria</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files delivered to Noomus from this computer (kept on this computer only)</source>
        <translation>Tältä tietokoneelta Noomukselle toimitetut tiedostot (tiedot säilyvät vain tällä tietokoneella)</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+158"/>
        <source>&amp;Choose files...</source>
        <translation>&amp;Valitse tiedostot...</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>S&amp;ending</source>
        <extracomment>Tab title: the files being sent now (the other tab is the delivery history).</extracomment>
        <translation>&amp;Lähetys</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History</source>
        <translation>&amp;Historia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sending and history</source>
        <translation>Lähetys ja historia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch between the files being sent and the files already delivered</source>
        <translation>Vaihtaa lähetettävien ja jo toimitettujen tiedostojen välillä</translation>
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
        <translation>Kokonaisedistyminen</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+368"/>
        <source>Nothing to send yet.</source>
        <translation>Ei vielä lähetettävää.</translation>
    </message>
    <message>
        <location line="-377"/>
        <source>Clear finished</source>
        <translation>Tyhjennä valmiit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove delivered and cancelled files from the list (History keeps them)</source>
        <translation>Poista toimitetut ja perutut tiedostot luettelosta (Historia säilyttää ne)</translation>
    </message>
    <message>
        <location line="+112"/>
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
        <translation>&amp;Peru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;try</source>
        <translation>&amp;Yritä uudelleen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move from the list</source>
        <translation>Poista lu&amp;ettelosta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Show the file</source>
        <translation>&amp;Näytä tiedosto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear &amp;finished</source>
        <translation>Tyhjennä &amp;valmiit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause &amp;all</source>
        <translation>Keskeytä k&amp;aikki</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume a&amp;ll</source>
        <translation>Jatka ka&amp;ikkia</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Lopeta</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Not signed in</source>
        <translation>Et ole kirjautunut sisään</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Sign &amp;in...</source>
        <translation>Kirjaudu &amp;sisään...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign &amp;out</source>
        <translation>Kirjaudu &amp;ulos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report &amp;lost password...</source>
        <translation>Ilmoita &amp;kadonneesta salasanasta...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change &amp;password...</source>
        <translation>&amp;Vaihda salasana...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed-in &amp;devices...</source>
        <translation>Kirjautuneet &amp;laitteet...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;notifications</source>
        <translation>Näytä &amp;ilmoitukset</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings...</source>
        <translation>&amp;Asetukset...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Transfer actions</source>
        <translation>Siirtotoiminnot</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>&amp;Tiedosto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Transfers</source>
        <translation>&amp;Siirrot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Account</source>
        <translation>T&amp;ili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings</source>
        <translation>&amp;Asetukset</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Signed in as %1</source>
        <translation>Kirjautunut: %1</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Choose files to send</source>
        <translation>Valitse lähetettävät tiedostot</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose a folder to send</source>
        <translation>Valitse lähetettävä kansio</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cancel sending?</source>
        <translation>Perutaanko lähetys?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop sending %1?</source>
        <translation>Perutaanko tiedoston %1 lähetys?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What has arrived so far is deleted. You can send the file again later.</source>
        <translation>Tähän mennessä perille tullut osa poistetaan. Voit lähettää tiedoston myöhemmin uudelleen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel sending</source>
        <translation>Peru lähetys</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep sending</source>
        <translation>Jatka lähettämistä</translation>
    </message>
    <message numerus="yes">
        <location line="+96"/>
        <source>%1 of %n file(s) sent, waiting for sign-in.</source>
        <translation>
            <numerusform>%1/%n tiedosto lähetetty, odottaa kirjautumista.</numerusform>
            <numerusform>%1/%n tiedostoa lähetetty, odottaa kirjautumista.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 of %n file(s) sent, %2 left.</source>
        <extracomment>%1 files of %n sent; %2 is the time left, e.g. &quot;about 2 minutes&quot;.</extracomment>
        <translation>
            <numerusform>%1/%n tiedosto lähetetty, %2 jäljellä.</numerusform>
            <numerusform>%1/%n tiedostoa lähetetty, %2 jäljellä.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of %n file(s) sent, sending...</source>
        <translation>
            <numerusform>%1/%n tiedosto lähetetty, lähetetään...</numerusform>
            <numerusform>%1/%n tiedostoa lähetetty, lähetetään...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 of %n file(s) sent.</source>
        <translation>
            <numerusform>%1/%n tiedosto lähetetty.</numerusform>
            <numerusform>%1/%n tiedostoa lähetetty.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n file(s) could not be sent.</source>
        <translation>
            <numerusform>%n tiedosto jäi lähettämättä.</numerusform>
            <numerusform>%n tiedostoa jäi lähettämättä.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n file(s) paused.</source>
        <translation>
            <numerusform>%n tiedosto keskeytetty.</numerusform>
            <numerusform>%n tiedostoa keskeytetty.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../noomus_desktop/ui/problems.py" line="+31"/>
        <source>%1 could not be sent</source>
        <translation>Tiedostoa %1 ei voitu lähettää</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 and %n other(s) could not be sent</source>
        <extracomment>%1 is a file name; %n how many other files could not be sent either.</extracomment>
        <translation>
            <numerusform>Tiedostoa %1 ja %n muuta ei voitu lähettää</numerusform>
            <numerusform>Tiedostoa %1 ja %n muuta ei voitu lähettää</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is already being sent. It will be delivered once, not twice.</source>
        <translation>Tiedostoa %1 lähetetään jo. Se toimitetaan kerran, ei kahdesti.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%1 and %n other(s) are already being sent. Each will be delivered once, not twice.</source>
        <extracomment>%1 is a file name; %n how many other files added again were already being sent.</extracomment>
        <translation>
            <numerusform>Tiedostoa %1 ja %n muuta tiedostoa lähetetään jo. Kukin toimitetaan kerran, ei kahdesti.</numerusform>
            <numerusform>Tiedostoa %1 ja %n muuta tiedostoa lähetetään jo. Kukin toimitetaan kerran, ei kahdesti.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n item(s) could not be sent:</source>
        <translation>
            <numerusform>%n kohdetta ei voitu lähettää:</numerusform>
            <numerusform>%n kohdetta ei voitu lähettää:</numerusform>
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
            <numerusform>…ja %n muu.</numerusform>
            <numerusform>…ja %n muuta.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportLostDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/report_lost_dialog.py" line="+120"/>
        <source>Report a lost password</source>
        <translation>Ilmoita kadonneesta salasanasta</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location line="+7"/>
        <source>User ID</source>
        <translation>Käyttäjätunnus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user ID whose password was lost</source>
        <translation>Käyttäjätunnus, jonka salasana on kadonnut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note for Noomus (optional)</source>
        <translation>Lisätietoja Noomukselle (valinnainen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For example, how to reach you. Do not write passwords here.</source>
        <translation>Esimerkiksi miten sinut tavoittaa. Älä kirjoita tähän salasanoja.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;User ID:</source>
        <translation>Käyttäjä&amp;tunnus:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Note (optional):</source>
        <translation>&amp;Lisätietoja (valinnainen):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Report and lock my account</source>
        <translation>&amp;Ilmoita ja lukitse tilini</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the report to Noomus; your account is locked at once</source>
        <translation>Lähettää ilmoituksen Noomukselle; tilisi lukitaan heti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without reporting; your account stays open</source>
        <translation>Sulkee ikkunan ilmoittamatta; tilisi pysyy avoinna</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call Noomus</source>
        <translation>Soita Noomukselle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write an e-mail to Noomus</source>
        <translation>Kirjoita sähköpostia Noomukselle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close this window</source>
        <translation>Sulkee tämän ikkunan</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Please enter your user ID.</source>
        <translation>Anna käyttäjätunnuksesi.</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <location line="+16"/>
        <source>Phone: %1</source>
        <translation>Puhelin: %1</translation>
    </message>
    <message>
        <location line="+2"/>
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
    <name>SettingsDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/settings_dialog.py" line="+125"/>
        <source>Settings</source>
        <extracomment>Languages by their own names (never translated: a reader must find their own).</extracomment>
        <translation>Asetukset</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files sent at the same time</source>
        <translation>Yhtä aikaa lähetettävät tiedostot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes effect the next time you sign in</source>
        <translation>Tulee voimaan, kun kirjaudut seuraavan kerran sisään</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show &amp;notifications</source>
        <translation>Näytä &amp;ilmoitukset</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tell me when files are delivered or something needs my attention</source>
        <translation>Ilmoita, kun tiedostot on toimitettu tai jokin vaatii huomiotani</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Start Noomus when I sign in to this computer</source>
        <translation>Käynnistä &amp;Noomus, kun kirjaudun sisään tähän tietokoneeseen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Noomus opens by itself each time you sign in</source>
        <translation>Noomus avautuu itsestään aina, kun kirjaudut sisään</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Tell me when a newer version is available</source>
        <translation>Kerro, kun &amp;uudempi versio on saatavilla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Once a day Noomus asks its website for the newest version number</source>
        <translation>Kerran päivässä Noomus kysyy verkkosivustoltaan uusimman version numeron</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Same as the system</source>
        <translation>Sama kuin järjestelmässä</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Kieli</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Noomus speaks the chosen language at once, in every window</source>
        <translation>Valittu kieli otetaan heti käyttöön kaikissa ikkunoissa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the l&amp;ogs folder</source>
        <translation>Avaa &amp;lokikansio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export diagnostics...</source>
        <translation>&amp;Vie vianmääritystiedot...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save logs and version numbers in a zip file for Noomus support</source>
        <translation>Tallentaa lokit ja versionumerot zip-tiedostoon Noomuksen tukea varten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Files sent at the same time:</source>
        <translation>&amp;Yhtä aikaa lähetettävät tiedostot:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language:</source>
        <translation>&amp;Kieli:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs:</source>
        <translation>Lokit:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the settings and close this window</source>
        <translation>Tallentaa asetukset ja sulkee tämän ikkunan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without changing the settings</source>
        <translation>Sulkee ikkunan muuttamatta asetuksia</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Save diagnostics</source>
        <translation>Tallenna vianmääritystiedot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zip files (*.zip)</source>
        <translation>Zip-tiedostot (*.zip)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Saving...</source>
        <translation>Tallennetaan...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved to %1</source>
        <translation>Tallennettu tiedostoon %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../noomus_desktop/ui/sign_in_dialog.py" line="+136"/>
        <location line="+36"/>
        <source>Sign in to Noomus</source>
        <translation>Kirjaudu Noomukseen</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Sign in with the user ID and password Noomus gave you.</source>
        <translation>Kirjaudu sisään käyttäjätunnuksella ja salasanalla, jotka sait Noomukselta.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User ID</source>
        <translation>Käyttäjätunnus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your Noomus extranet user ID</source>
        <translation>Noomus-extranetin käyttäjätunnuksesi</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+2"/>
        <source>Keep you signed in, using the system&apos;s password storage</source>
        <translation>Pysyt kirjautuneena; kirjautuminen tallennetaan järjestelmän salasanasäilöön</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;User ID:</source>
        <translation>Käyttäjä&amp;tunnus:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Salasana:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This computer has no secure password storage that Noomus can use, so you will be asked for your password each time.</source>
        <translation>Tällä tietokoneella ei ole turvallista salasanasäilöä, jota Noomus voisi käyttää, joten salasanaa kysytään joka kerta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New customer? Request a user ID</source>
        <translation>Uusi asiakas? Pyydä käyttäjätunnus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the Noomus web page where new customers ask for a user ID</source>
        <translation>Avaa Noomuksen verkkosivun, jolta uusi asiakas pyytää käyttäjätunnuksen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I &amp;lost my password...</source>
        <translation>&amp;Ilmoita kadonneesta salasanasta...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report a lost password: your account is locked and Noomus contacts you</source>
        <translation>Ilmoita kadonneesta salasanasta: tilisi lukitaan ja Noomus ottaa sinuun yhteyttä</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Advanced</source>
        <translation>&amp;Lisäasetukset</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use a server address other than the standard Noomus one</source>
        <translation>Käyttää muuta kuin Noomuksen tavallista palvelimen osoitetta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server address</source>
        <translation>Palvelimen osoite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave empty to use the standard Noomus address</source>
        <translation>Jätä tyhjäksi, niin käytetään Noomuksen vakio-osoitetta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;erver address:</source>
        <translation>&amp;Palvelimen osoite:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sign in</source>
        <translation>&amp;Kirjaudu sisään</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close without signing in</source>
        <translation>Sulkee ikkunan kirjautumatta</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Please enter your user ID and password.</source>
        <translation>Anna käyttäjätunnuksesi ja salasanasi.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Signing in...</source>
        <translation>Kirjaudutaan sisään...</translation>
    </message>
</context>
<context>
    <name>StatusHeader</name>
    <message>
        <location filename="../../noomus_desktop/ui/status_header.py" line="+88"/>
        <source>The Noomus account files are sent with from this computer</source>
        <translation>Noomus-tili, jolla tiedostot lähetetään tältä tietokoneelta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in...</source>
        <translation>Kirjaudu sisään...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to send yet</source>
        <translation>Ei vielä lähetettävää</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not signed in</source>
        <translation>Et ole kirjautunut sisään</translation>
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
        <translation>Keskeytä kaikki</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume all</source>
        <translation>Jatka kaikkia</translation>
    </message>
</context>
<context>
    <name>TransferModel</name>
    <message>
        <location filename="../../noomus_desktop/ui/transfer_model.py" line="+153"/>
        <source>File</source>
        <extracomment>Fraction done (0.0-1.0) of the row, or -1.0 when there is nothing to show. The row&apos;s ``TransferRow``. Plaintext size (shown); ``total`` is what progress counts (ciphertext when known). Column title: the file&apos;s name (a noun, not the File menu).</extracomment>
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
        <location line="+49"/>
        <source>%1%</source>
        <extracomment>Percent done; %1 is the number. Write it as your language does (45 %).</extracomment>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sending, %1 left</source>
        <extracomment>A row being sent: its state, then the time left (%1, e.g. &quot;about 2 minutes&quot;).</extracomment>
        <translation>Lähetetään, %1 jäljellä</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../noomus_desktop/ui/tray.py" line="+46"/>
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
        <location line="-7"/>
        <source>Noomus: nothing to send</source>
        <translation>Noomus: ei lähetettävää</translation>
    </message>
</context>
<context>
    <name>UpdateNotice</name>
    <message>
        <location filename="../../noomus_desktop/ui/update_notice.py" line="+60"/>
        <source>A newer Noomus is available</source>
        <translation>Uudempi Noomus on saatavilla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus %1 is available: %2</source>
        <translation>Noomus %1 on saatavilla: %2</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <location filename="../../noomus_desktop/cli.py" line="+266"/>
        <source>delivered: %1</source>
        <extracomment>Every file the scan skipped or refused (named again in the summary). When a retrying transfer tries again (the engine&apos;s ``next_try``), once it runs.</extracomment>
        <translation>toimitettu: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>failed: %1: %2</source>
        <translation>epäonnistui: %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+280"/>
        <source>waiting for the connection: %1 (next try at %2)</source>
        <translation>odotetaan yhteyttä: %1 (seuraava yritys klo %2)</translation>
    </message>
    <message>
        <location line="-277"/>
        <source>retrying: %1: %2 (next try at %3)</source>
        <translation>yritetään uudelleen: %1: %2 (seuraava yritys klo %3)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>skipped: %1: %2</source>
        <translation>ohitettu: %1: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>stopped: %1</source>
        <translation>pysäytetty: %1</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Not signed in. Sign in first with: noomus-upload login</source>
        <extracomment>Codes that mean the connection is down (not the server refusing): &quot;waiting&quot; in words.</extracomment>
        <translation>Et ole kirjautunut sisään. Kirjaudu ensin komennolla: noomus-upload login</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You signed in with a one-time password. Choose your own password first with: noomus-upload login</source>
        <translation>Kirjauduit kertakäyttöisellä salasanalla. Valitse ensin oma salasana komennolla: noomus-upload login</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+89"/>
        <source>User ID: </source>
        <translation>Käyttäjätunnus: </translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Password for %1: </source>
        <translation>Käyttäjän %1 salasana: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Signed in as %1 (%2, %3).</source>
        <translation>Kirjauduttu sisään käyttäjänä %1 (%2, %3).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The session could not be stored in the system keyring: you will have to sign in again next time.</source>
        <translation>Kirjautumista ei voitu tallentaa järjestelmän salasanasäilöön: kirjaudu ensi kerralla uudelleen.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>You signed in with a one-time password. Choose your own password now (at least 12 characters).</source>
        <translation>Kirjauduit kertakäyttöisellä salasanalla. Valitse nyt oma salasana (vähintään 12 merkkiä).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>New password: </source>
        <translation>Uusi salasana: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again: </source>
        <translation>Uusi salasana toistamiseen: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two new passwords are not the same. You are signed out: run noomus-upload login again.</source>
        <translation>Uudet salasanat eivät ole samat. Sinut kirjattiin ulos: suorita noomus-upload login uudelleen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No new password was given, so you are signed out. Run noomus-upload login again and choose your own password.</source>
        <translation>Uutta salasanaa ei annettu, joten sinut kirjattiin ulos. Suorita noomus-upload login uudelleen ja valitse oma salasana.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Not signed in.</source>
        <translation>Et ole kirjautunut sisään.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Signed out.</source>
        <translation>Kirjauduttu ulos.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Your report was received and your account is locked. This computer has forgotten your sign-in. Noomus coordinators will contact you.</source>
        <translation>Ilmoituksesi on vastaanotettu ja tilisi on lukittu. Tämä tietokone on unohtanut kirjautumisesi. Noomuksen koordinaattorit ottavat sinuun yhteyttä.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>--tus-endpoint needs at least one --recipient age1...</source>
        <translation>--tus-endpoint tarvitsee vähintään yhden valitsimen --recipient age1...</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--recipient and --header go with --tus-endpoint</source>
        <translation>--recipient ja --header käyvät vain valitsimen --tus-endpoint kanssa</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No such file or folder: %1</source>
        <translation>Tiedostoa tai kansiota ei ole: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>interrupted: run the same command again to resume</source>
        <translation>keskeytetty: jatka antamalla sama komento uudelleen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>not delivered: %1</source>
        <translation>ei toimitettu: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n delivered, %1 not delivered</source>
        <translation>
            <numerusform>%n toimitettu, %1 toimittamatta</numerusform>
            <numerusform>%n toimitettu, %1 toimittamatta</numerusform>
        </translation>
    </message>
    <message>
        <location line="+81"/>
        <source>The queue is empty.</source>
        <translation>Jono on tyhjä.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n file(s) could not be sent: %1</source>
        <extracomment>After the queue: %n files that failed, and their names (%1, comma-separated).</extracomment>
        <translation>
            <numerusform>%n tiedosto jäi lähettämättä: %1</numerusform>
            <numerusform>%n tiedostoa jäi lähettämättä: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing delivered from this machine yet.</source>
        <translation>Tältä koneelta ei ole vielä toimitettu mitään.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>noomus-upload: error: %1</source>
        <translation>noomus-upload: virhe: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>interrupted</source>
        <translation>keskeytetty</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/ui/formatting.py" line="+20"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n tavu</numerusform>
            <numerusform>%n tavua</numerusform>
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
        <translation>yli vuorokausi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>less than a minute</source>
        <translation>alle minuutti</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>about %n minute(s)</source>
        <translation>
            <numerusform>noin %n minuutti</numerusform>
            <numerusform>noin %n minuuttia</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>about %n hour(s)</source>
        <translation>
            <numerusform>noin %n tunti</numerusform>
            <numerusform>noin %n tuntia</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../noomus_desktop/messages.py" line="+57"/>
        <source>The user ID or password is not right. Check them and try again.</source>
        <extracomment>``translate(context, text)``: a text in the reader&apos;s language. Codes that need no sentence of their own: they mean the same to the customer as another.</extracomment>
        <translation>Käyttäjätunnus tai salasana on väärin. Tarkista ne ja yritä uudelleen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your account is locked because a lost password was reported. Noomus coordinators will contact you to open it again.</source>
        <translation>Tilisi on lukittu, koska salasanan katoamisesta on ilmoitettu. Noomuksen koordinaattorit ottavat sinuun yhteyttä ja avaavat lukituksen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your account has been disabled. Please contact Noomus if you need to send files.</source>
        <translation>Tilisi on poistettu käytöstä. Ota yhteyttä Noomukseen, jos sinun täytyy lähettää tiedostoja.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus has paused the file service for now. Your files wait here and are sent when it is back.</source>
        <translation>Noomus on keskeyttänyt tiedostopalvelun hetkeksi. Tiedostosi odottavat täällä ja lähetetään, kun palvelu toimii taas.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Too many attempts in a short time. Wait a minute and try again.</source>
        <translation>Liian monta yritystä lyhyessä ajassa. Odota minuutti ja yritä uudelleen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot reach Noomus. Check your internet connection; files are sent when the connection is back.</source>
        <translation>Noomukseen ei saada yhteyttä. Tarkista internetyhteys; tiedostot lähetetään, kun yhteys palaa.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The connection to Noomus stopped moving. Sending goes on from where it stopped; if this keeps happening, check your internet connection.</source>
        <translation>Tiedonsiirto Noomukseen pysähtyi. Lähettäminen jatkuu siitä, mihin se jäi; jos tämä toistuu, tarkista internetyhteys.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The connection to Noomus could not be verified as secure, so nothing was sent. Please contact Noomus.</source>
        <translation>Yhteyttä Noomukseen ei voitu varmistaa turvalliseksi, joten mitään ei lähetetty. Ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This server address is not secure (it must start with https://). Check the address under Advanced.</source>
        <translation>Palvelimen osoite ei ole turvallinen (sen täytyy alkaa https://). Tarkista osoite kohdasta Lisäasetukset.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You were signed out by the server. Please sign in again.</source>
        <translation>Palvelin kirjasi sinut ulos. Kirjaudu sisään uudelleen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Noomus&apos;s encryption key has changed since last time. For your safety nothing is sent until Noomus confirms the change. Please contact Noomus.</source>
        <translation>Noomuksen salausavain on vaihtunut edellisen kerran jälkeen. Turvallisuutesi vuoksi mitään ei lähetetä ennen kuin Noomus vahvistaa muutoksen. Ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus&apos;s encryption key is not valid, so nothing was sent. Please contact Noomus.</source>
        <translation>Noomuksen salausavain ei kelpaa, joten mitään ei lähetetty. Ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file could not be encrypted, so nothing was sent. Retry, or contact Noomus if it keeps happening.</source>
        <translation>Tiedostoa ei voitu salata, joten mitään ei lähetetty. Yritä uudelleen tai ota yhteyttä Noomukseen, jos tämä toistuu.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus cannot receive more files right now. Sending resumes later.</source>
        <translation>Noomus ei voi vastaanottaa enempää tiedostoja juuri nyt. Lähettäminen jatkuu myöhemmin.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You have as many unfinished files at Noomus as your account allows. Sending resumes by itself when earlier ones finish.</source>
        <translation>Sinulla on Noomuksessa niin monta keskeneräistä tiedostoa kuin tilisi sallii. Lähetys jatkuu itsestään, kun aiemmat valmistuvat.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This user ID belongs to Noomus staff, and staff accounts cannot send files. Sign in with the user ID Noomus gave you as a customer.</source>
        <translation>Tämä käyttäjätunnus kuuluu Noomuksen henkilökunnalle, eikä henkilökunnan tunnuksilla voi lähettää tiedostoja. Kirjaudu käyttäjätunnuksella, jonka Noomus antoi sinulle asiakkaana.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus already received this file with different details, so it was not delivered again. Send the file again; if it happens again, contact Noomus.</source>
        <translation>Noomus on jo vastaanottanut tämän tiedoston eri tiedoin, joten sitä ei toimitettu uudelleen. Lähetä tiedosto uudelleen; jos sama toistuu, ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus did not expect the file&apos;s details yet, so the file was not delivered. Retry; if it happens again, contact Noomus.</source>
        <translation>Noomus ei odottanut vielä tiedoston tietoja, joten tiedostoa ei toimitettu. Yritä uudelleen; jos sama toistuu, ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file&apos;s name and folder path are too long for Noomus, so it was not delivered. Shorten them and send the file again.</source>
        <translation>Tiedoston nimi ja kansiopolku ovat Noomukselle liian pitkät, joten tiedostoa ei toimitettu. Lyhennä niitä ja lähetä tiedosto uudelleen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus refused the file because it was not encrypted so that Noomus can open it, and stored nothing. Retry; if it happens again, contact Noomus.</source>
        <translation>Noomus hylkäsi tiedoston, koska sitä ei ollut salattu niin, että Noomus voi avata sen, eikä tallentanut mitään. Yritä uudelleen; jos sama toistuu, ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server address in the settings is not the one this Noomus server answers to. Check the server address, or contact Noomus.</source>
        <translation>Asetuksissa oleva palvelimen osoite ei ole se, johon tämä Noomuksen palvelin vastaa. Tarkista palvelimen osoite tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This file is larger than Noomus can receive.</source>
        <translation>Tiedosto on suurempi kuin Noomus voi vastaanottaa.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server removed the unfinished upload. Retry to send it again.</source>
        <translation>Palvelin poisti keskeneräisen lähetyksen. Lähetä tiedosto uudelleen valitsemalla Yritä uudelleen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file had already reached Noomus in full, so it was not cancelled.</source>
        <translation>Tiedosto oli jo kokonaan perillä Noomuksella, joten sitä ei peruttu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Part of the file arrived damaged and is sent again. Nothing is needed from you.</source>
        <translation>Osa tiedostosta saapui vahingoittuneena, ja se lähetetään uudelleen. Sinun ei tarvitse tehdä mitään.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer and Noomus disagreed on how much of the file had arrived. Sending goes on from where Noomus says; nothing is needed from you.</source>
        <translation>Tämä tietokone ja Noomus olivat eri mieltä siitä, kuinka paljon tiedostosta oli saapunut. Lähettäminen jatkuu Noomuksen ilmoittamasta kohdasta; sinun ei tarvitse tehdä mitään.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus refused the file because it did not arrive encrypted, and stored nothing readable. Retry, or contact Noomus.</source>
        <translation>Noomus hylkäsi tiedoston, koska se ei saapunut salattuna, eikä tallentanut siitä mitään luettavaa. Yritä uudelleen tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file changed while it was being sent. Retry to send its current version.</source>
        <translation>Tiedosto muuttui lähettämisen aikana. Lähetä sen nykyinen versio valitsemalla Yritä uudelleen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file is no longer there. It may have been moved or deleted.</source>
        <translation>Tiedostoa ei enää löydy. Se on ehkä siirretty tai poistettu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file cannot be read. Check that you are allowed to open it.</source>
        <translation>Tiedostoa ei voi lukea. Tarkista, että sinulla on oikeus avata se.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is not a regular file (a device, pipe or socket), so it cannot be sent.</source>
        <translation>Tämä ei ole tavallinen tiedosto (laite, putki tai pistoke), joten sitä ei voi lähettää.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This link points back into its own folder, so it was left out.</source>
        <translation>Tämä linkki osoittaa takaisin omaan kansioonsa, joten se jätettiin pois.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This name is not valid text (it was made with another character set). Rename it and add it again.</source>
        <translation>Tämä nimi ei ole kelvollista tekstiä (se on tehty toisella merkistöllä). Nimeä se uudelleen ja lisää se uudelleen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This file was already delivered and has not changed since.</source>
        <translation>Tämä tiedosto on jo toimitettu, eikä se ole muuttunut sen jälkeen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Noomus received something different from what was sent. Retry to send it again.</source>
        <translation>Noomus vastaanotti jotain muuta kuin lähetettiin. Lähetä tiedosto uudelleen valitsemalla Yritä uudelleen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus had a problem receiving the file. It is tried again soon.</source>
        <translation>Noomuksella oli ongelma tiedoston vastaanottamisessa. Lähettämistä yritetään pian uudelleen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection to Noomus was interrupted. It is tried again soon.</source>
        <translation>Yhteys Noomukseen katkesi. Lähettämistä yritetään pian uudelleen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sending was stopped before the file was complete (paused, cancelled, or the app was closing). Resume or retry to send it.</source>
        <translation>Lähettäminen pysähtyi ennen kuin tiedosto oli valmis (keskeytetty, peruttu tai sovellus suljettiin). Lähetä se jatkamalla tai yrittämällä uudelleen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the file. Trying again does not help; please contact Noomus.</source>
        <translation>Palvelin hylkäsi tiedoston. Uudelleen yrittäminen ei auta; ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus no longer has what was asked for; it may have been removed. Retry, or contact Noomus.</source>
        <translation>Noomuksella ei enää ole pyydettyä kohdetta; se on ehkä poistettu. Yritä uudelleen tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server address is not valid. Check it under Advanced.</source>
        <translation>Palvelimen osoite ei kelpaa. Tarkista se kohdasta Lisäasetukset.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server at this address cannot receive files from this app. Check the server address under Advanced, or contact Noomus.</source>
        <translation>Tämän osoitteen palvelin ei voi vastaanottaa tiedostoja tästä sovelluksesta. Tarkista palvelimen osoite Lisäasetuksista tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server tried to send the file on to another server, so nothing was sent there. Please contact Noomus.</source>
        <translation>Palvelin yritti ohjata tiedoston toiselle palvelimelle, joten sinne ei lähetetty mitään. Ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus did not accept this app&apos;s request. Check whether a newer version of Noomus Desktop is available, or contact Noomus.</source>
        <translation>Noomus ei hyväksynyt tämän sovelluksen pyyntöä. Tarkista, onko Noomus Desktopista saatavilla uudempi versio tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noomus answered in an unexpected way. Try again later, or contact Noomus.</source>
        <translation>Noomus vastasi odottamattomalla tavalla. Yritä myöhemmin uudelleen tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Noomus could not do what was asked. Try again later, or contact Noomus if it keeps happening.</source>
        <translation>Noomus ei voinut tehdä pyydettyä. Yritä myöhemmin uudelleen tai ota yhteyttä Noomukseen, jos tämä toistuu.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending the file failed. Retry, or contact Noomus if it keeps happening.</source>
        <translation>Tiedoston lähettäminen epäonnistui. Yritä uudelleen tai ota yhteyttä Noomukseen, jos tämä toistuu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The diagnostics file could not be saved there. Choose another folder.</source>
        <translation>Vianmääritystiedostoa ei voitu tallentaa sinne. Valitse toinen kansio.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something unexpected went wrong. Try again, or contact Noomus.</source>
        <translation>Tapahtui odottamaton virhe. Yritä uudelleen tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please sign in to Noomus first.</source>
        <translation>Kirjaudu ensin sisään Noomukseen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new password must be at least 12 characters long.</source>
        <translation>Uuden salasanan on oltava vähintään 12 merkkiä pitkä.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The app&apos;s record of Noomus&apos;s encryption key cannot be read. Please contact Noomus.</source>
        <translation>Sovelluksen tallentamaa tietoa Noomuksen salausavaimesta ei voi lukea. Ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Something went wrong (%1). Try again, or contact Noomus.</source>
        <translation>Jokin meni vikaan (%1). Yritä uudelleen tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>no connection</source>
        <extracomment>Codes whose sentence says sending goes on by itself (&quot;files are sent when the connection is back&quot;, &quot;it is tried again soon&quot;...): true on a retrying row, false on a failed one. Short reason in a transfer&apos;s row (the full sentence is in its tooltip).</extracomment>
        <translation>ei yhteyttä</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sign-in needed</source>
        <translation>kirjautuminen tarvitaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noomus unavailable</source>
        <translation>Noomus ei käytettävissä</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file changed</source>
        <translation>tiedosto muuttui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file missing</source>
        <translation>tiedosto puuttuu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot be read</source>
        <translation>ei voi lukea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too large</source>
        <translation>liian suuri</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>see details</source>
        <extracomment>Short reason in a transfer&apos;s row when no shorter word fits: the tooltip says more.</extracomment>
        <translation>katso tiedot</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Retrying: %1</source>
        <extracomment>A transfer&apos;s state in its row; %1 is a short reason such as &quot;no connection&quot;.</extracomment>
        <translation>Yritetään uudelleen: %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the connection was interrupted</source>
        <translation>yhteys katkesi</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Noomus did not accept the last try. Nothing is needed from you.</source>
        <translation>Noomus ei hyväksynyt viimeisintä yritystä. Sinun ei tarvitse tehdä mitään.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Noomus could not be reached, or could not take the file, for too long. Check your internet connection, then retry.</source>
        <translation>Noomukseen ei saatu yhteyttä, tai se ei voinut vastaanottaa tiedostoa, liian pitkään aikaan. Tarkista internetyhteys ja yritä sitten uudelleen.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Not signed in</source>
        <translation>Et ole kirjautunut sisään</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed in as %1</source>
        <translation>Kirjautunut: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed in as %1 (%2)</source>
        <extracomment>Who is signed in: %1 is the person&apos;s name, %2 their company.</extracomment>
        <translation>Kirjautunut: %1 (%2)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Waiting for sign-in</source>
        <extracomment>A transfer&apos;s state: it goes on once the customer signs in.</extracomment>
        <translation>Odottaa kirjautumista</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Retrying (%1)</source>
        <translation>Yritetään uudelleen (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry, or contact Noomus.</source>
        <translation>Yritä uudelleen tai ota yhteyttä Noomukseen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Preparing</source>
        <translation>Valmistellaan</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+36"/>
        <source>Failed: %1</source>
        <extracomment>A transfer&apos;s state in its row; %1 is a short reason such as &quot;file changed&quot;.</extracomment>
        <translation>Epäonnistui: %1</translation>
    </message>
    <message>
        <location line="-231"/>
        <source>You signed in with a one-time password. Choose your own password before any file is sent: sign in again, and Noomus asks you for it.</source>
        <translation>Kirjauduit kertakäyttöisellä salasanalla. Valitse oma salasana ennen kuin tiedostoja lähetetään: kirjaudu uudelleen sisään, niin Noomus kysyy sitä.</translation>
    </message>
    <message>
        <location line="+234"/>
        <source>Waiting</source>
        <extracomment>A transfer&apos;s state: in the queue, waiting for its turn to be sent.</extracomment>
        <translation>Odottaa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Encrypting and sending</source>
        <translation>Salataan ja lähetetään</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paused</source>
        <extracomment>A transfer&apos;s state: paused by the user (not cancelled; it can be resumed).</extracomment>
        <translation>Tauolla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking delivery</source>
        <translation>Tarkistetaan toimitusta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivered and verified</source>
        <extracomment>A transfer&apos;s state: Noomus received the file and confirmed it arrived intact.</extracomment>
        <translation>Toimitettu ehjänä</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Peruttu</translation>
    </message>
</context>
</TS>
