/// Short articles written for the demo, in the kinds the footer handles.
enum DemoArticles {
    static let all: [(String, String)] = [
        ("2026-09-communs.md", """
        ---
        title: "Ce que les communs nous apprennent"
        url: "https://example.org/2026/09/communs"
        lang: fr
        ---
        # Ce que les communs nous apprennent

        Un jardin partagé ne tient pas par un règlement affiché à l'entrée, mais par les gens qui
        reviennent arroser quand il fait chaud. Les communs sont moins une chose qu'une habitude.

        Il en va de même pour un texte libre : il circule parce que d'autres le reprennent, le
        citent, le discutent. La seule chose qu'on leur demande, c'est de laisser le chapeau à côté.

        """),
        ("2026-10-marche.md", """
        +++
        title = "Une matinée au marché des Points Jeu"
        url = "https://example.org/2026/10/marche"
        +++
        # Une matinée au marché des Points Jeu

        Au marché, on paie le pain en euros et la partie d'échecs en Points Jeu. Personne ne
        convertit : chaque monnaie compte ce qu'elle compte, et le carnet du trésorier aussi.

        """),
        ("2026-11-transparence.md", """
        # Pourquoi publier ses comptes

        Dire combien on reçoit, de combien de personnes, et ce qu'on en fait, c'est la moitié du
        contrat. L'autre moitié, c'est de ne jamais nommer quelqu'un qui préfère rester discret.

        """),
        ("2026-11-bicycle.html", """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>A bicycle for reporting</title></head>
        <body>
        <article>
        <h1>A bicycle for reporting</h1>
        <p>A reader offered a bicycle. Since then, every story within twenty kilometres has been
        reached without a car, and the notebook has gained a few pages of countryside.</p>
        </article>
        </body>
        </html>

        """),
        ("notes-de-terrain.txt", """
        Notes de terrain

        Trois entretiens, deux cafés, une averse. Le reste sera dans la lettre du mois prochain.

        """),
    ]
}
