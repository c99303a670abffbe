<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AppController</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/ui/controller.py" line="+379"/>
        <source>%n item(s) will be sent once you are signed in.</source>
        <translation>
            <numerusform>%n item will be sent once you are signed in.</numerusform>
            <numerusform>%n items will be sent once you are signed in.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+108"/>
        <source>%n file(s) delivered to Noomus</source>
        <translation>
            <numerusform>%n file delivered to Noomus</numerusform>
            <numerusform>%n files delivered to Noomus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+124"/>
        <source>%n file(s) are still being sent.</source>
        <translation>
            <numerusform>%n file is still being sent.</numerusform>
            <numerusform>%n files are still being sent.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Headline</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/ui/headline.py" line="+47"/>
        <source>Not signed in — %n file(s) waiting to be sent</source>
        <translation>
            <numerusform>Not signed in — %n file waiting to be sent</numerusform>
            <numerusform>Not signed in — %n files waiting to be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n file(s) could not be sent</source>
        <translation>
            <numerusform>%n file could not be sent</numerusform>
            <numerusform>%n files could not be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Sending %n file(s) — %1 left</source>
        <extracomment>%n files are being sent; %1 is the time left, e.g. &quot;about 2 minutes&quot;.</extracomment>
        <translation>
            <numerusform>Sending %n file — %1 left</numerusform>
            <numerusform>Sending %n files — %1 left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Sending %n file(s)</source>
        <translation>
            <numerusform>Sending %n file</numerusform>
            <numerusform>Sending %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/ui/main_window.py" line="+661"/>
        <source>%1 of %n file(s) sent, waiting for sign-in.</source>
        <translation>
            <numerusform>%1 of %n file sent, waiting for sign-in.</numerusform>
            <numerusform>%1 of %n files sent, waiting for sign-in.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1 of %n file(s) sent, %2 left.</source>
        <extracomment>%1 files of %n sent; %2 is the time left, e.g. &quot;about 2 minutes&quot;.</extracomment>
        <translation>
            <numerusform>%1 of %n file sent, %2 left.</numerusform>
            <numerusform>%1 of %n files sent, %2 left.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 of %n file(s) sent, sending...</source>
        <translation>
            <numerusform>%1 of %n file sent, sending...</numerusform>
            <numerusform>%1 of %n files sent, sending...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1 of %n file(s) sent.</source>
        <translation>
            <numerusform>%1 of %n file sent.</numerusform>
            <numerusform>%1 of %n files sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n file(s) could not be sent.</source>
        <translation>
            <numerusform>%n file could not be sent.</numerusform>
            <numerusform>%n files could not be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n file(s) paused.</source>
        <translation>
            <numerusform>%n file paused.</numerusform>
            <numerusform>%n files paused.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/ui/problems.py" line="+33"/>
        <source>%1 and %n other(s) could not be sent</source>
        <extracomment>%1 is a file name; %n how many other files could not be sent either.</extracomment>
        <translation>
            <numerusform>%1 and %n other could not be sent</numerusform>
            <numerusform>%1 and %n others could not be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%1 and %n other(s) are already being sent. Each will be delivered once, not twice.</source>
        <extracomment>%1 is a file name; %n how many other files added again were already being sent.</extracomment>
        <translation>
            <numerusform>%1 and %n other are already being sent. Each will be delivered once, not twice.</numerusform>
            <numerusform>%1 and %n others are already being sent. Each will be delivered once, not twice.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n item(s) could not be sent:</source>
        <translation>
            <numerusform>%n item could not be sent:</numerusform>
            <numerusform>%n items could not be sent:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>…and %n more.</source>
        <translation>
            <numerusform>…and %n more.</numerusform>
            <numerusform>…and %n more.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/cli.py" line="+531"/>
        <source>%n delivered, %1 not delivered</source>
        <translation>
            <numerusform>%n delivered, %1 not delivered</numerusform>
            <numerusform>%n delivered, %1 not delivered</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+87"/>
        <source>%n file(s) could not be sent: %1</source>
        <extracomment>After the queue: %n files that failed, and their names (%1, comma-separated).</extracomment>
        <translation>
            <numerusform>%n file could not be sent: %1</numerusform>
            <numerusform>%n files could not be sent: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message numerus="yes">
        <location filename="../../noomus_desktop/ui/formatting.py" line="+20"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>about %n minute(s)</source>
        <translation>
            <numerusform>about %n minute</numerusform>
            <numerusform>about %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>about %n hour(s)</source>
        <translation>
            <numerusform>about %n hour</numerusform>
            <numerusform>about %n hours</numerusform>
        </translation>
    </message>
</context>
</TS>
