<?xml version="1.0" encoding="utf-8"?>
<!-- Shows the register's Atom feed as a page when a browser opens feed.xml. Served from the site
     itself: no request leaves it. Feed readers ignore this and read the Atom as it is. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/></title>
        <style>
          body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; max-width: 44rem; margin: 0 auto; padding: 1rem; }
          a { color: #283593; text-decoration: underline; }
          a:focus-visible { outline: 3px solid #ff6f00; outline-offset: 2px; }
          .about { padding: .75rem 1rem; border: 1px solid #c5cae9; background: #f5f6fb; }
          ol { list-style: none; padding: 0; }
          li { margin: 1rem 0; padding-bottom: 1rem; border-bottom: 1px solid #e0e0e0; }
          time { font-weight: 700; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p class="about">This is a web feed. Copy its address into a feed reader to hear of each
            change to the register's records. The same changes are listed on the
            <a href="{atom:link[@rel='alternate']/@href}changes/">changes page</a>.</p>
          <ol>
            <xsl:for-each select="atom:entry">
              <li>
                <time datetime="{atom:updated}"><xsl:value-of select="substring(atom:updated, 1, 10)"/></time>:
                <a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a>.
                <xsl:text> </xsl:text><xsl:value-of select="atom:summary"/>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
